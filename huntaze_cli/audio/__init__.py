"""Fans' voice notes: decoding (PyAV), the offline Whisper engine (faster-whisper) and its model, and the
limits every engine shares. Everything heavy here comes from the optional `huntaze[audio]` extra and is
imported inside the functions that need it, never by `huntaze --help`."""
