"""The servers huntaze's tests and benchmarks talk to, over real HTTP and real SQL, on this machine only.

- `llm_server`: a protocol-faithful fake LLM server (OpenAI, Azure OpenAI, Gemini) on 127.0.0.1;
  `python -m testservers.llm_server --port 0` runs it in a process of its own (bench/batch.py does).
- `real_llama`: llama.cpp's own server with a small real model (the real-server tier, bench/real_model.py).
- `postgres`: a fresh schema on a real PostgreSQL server, and the ledger URL that lives in it.
- `voice_creators`: not a server but what the voice tests and bench/voice_match.py both build on: hand-made
  creators' histories and the drafts asked of them.
- `speech`: the sentences the voice-note tier and bench/transcribe.py have espeak-ng say.
- `serve`: a real `huntaze serve` process on a free loopback port (tests/serve/, bench/serve.py).

Its own package, beside tests/ and bench/, so that both import it and neither reaches into the other: the
pytest side (fixtures, skips) stays in tests/fakes/. Not part of the shipped wheel (only huntaze_cli is).
"""
