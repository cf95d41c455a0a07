"""What a voice note may be: the one home of the limits every engine (offline or cloud) shares.

25 MB is OpenAI's upload limit for its transcription endpoint, counted here in decimal bytes so that a file
we accept is never one it refuses. Ten minutes covers the voice notes messaging apps send (WhatsApp and
Telegram notes run a few minutes) while bounding what a cloud call can cost and how long the offline engine
runs on a laptop.
"""

from __future__ import annotations

MAX_AUDIO_BYTES = 25_000_000
MAX_AUDIO_SECONDS = 600.0
# The sample rate Whisper models take: every note is decoded and resampled to mono at this rate.
SAMPLE_RATE = 16_000
# The containers and codecs phones and messaging apps send (named in errors and the README).
FORMATS_TEXT = "WAV, MP3, OGG/Opus or M4A/AAC"
