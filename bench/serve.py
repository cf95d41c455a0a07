"""`huntaze serve` benchmark: requests per second and p50/p99 latency over HTTP, against the same commands run
as processes, measured in the same run.

    python bench/serve.py [--requests 400] [--clients 8] [--process-runs 20]

Two requests: `quota` (a ledger read) and a rules-engine `caption` (a usage row written, no model). Over HTTP,
`--clients` threads with keep-alive connections share `--requests` requests against one `huntaze serve`
(uvicorn on 127.0.0.1, its own HUNTAZE_HOME); as processes, `huntaze quota --json` and `huntaze caption
--provider rules --json` run `--process-runs` times one after the other (what a dashboard shelling out to the
CLI pays). The ratio is the server's requests per second over the processes'. Every HTTP answer must be 200.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testservers.serve import ServeProcess  # noqa: E402  (the real-process harness the tests use too)

# Provider keys out of the server's environment: every request here is answered without a model.
_PROVIDER_ENV = ("OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "AZURE_OPENAI_API_KEY", "HUNTAZE_DB",
                 "HUNTAZE_CREATOR", "HUNTAZE_CONFIG")

CASES: dict[str, tuple[str, str, dict[str, Any] | None, list[str]]] = {
    "quota": ("GET", "/api/ai/quota", None, ["quota", "--json"]),
    "caption (rules)": ("POST", "/api/ai/generate-caption",
                        {"description": "sunset run on the beach", "platform": "tiktok", "provider": "rules"},
                        ["caption", "--provider", "rules", "--platform", "tiktok", "--json",
                         "sunset run on the beach"]),
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def over_http(server: ServeProcess, method: str, path: str, body: dict[str, Any] | None, requests: int,
              clients: int) -> tuple[float, list[float]]:
    per_client = requests // clients

    def client(_: int) -> list[float]:
        times = []
        with server.client() as c:
            for _ in range(per_client):
                started = time.perf_counter()
                r = c.request(method, path, json=body)
                times.append(time.perf_counter() - started)
                assert r.status_code == 200, r.text
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = [t for chunk in pool.map(client, range(clients)) for t in chunk]
    return len(latencies) / (time.perf_counter() - started), latencies


def as_processes(server: ServeProcess, args: list[str], runs: int) -> tuple[float, list[float]]:
    latencies = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "huntaze_cli", *args], env=server.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        latencies.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
    return len(latencies) / sum(latencies), latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--process-runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k not in _PROVIDER_ENV}
        env["PYTHONPATH"] = str(ROOT)
        server = ServeProcess(Path(home), env)
        # The default creator on the business plan: 500 requests an hour would stop a long run of captions.
        assert server.huntaze("creators", "add", "default", "--plan", "business",
                              "--requests-per-hour", "1000000").returncode == 0
        server.start()
        try:
            print(f"{'case':<18} {'way':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
            for name, (method, path, body, cli_args) in CASES.items():
                over_http(server, method, path, body, args.clients * 5, args.clients)  # warm-up
                http_rps, http_lat = over_http(server, method, path, body, args.requests, args.clients)
                proc_rps, proc_lat = as_processes(server, cli_args, args.process_runs)
                for way, rps, lat in (("http", http_rps, http_lat), ("process", proc_rps, proc_lat)):
                    print(f"{name:<18} {way:<10} {rps:>8.1f} {statistics.median(lat) * 1000:>8.1f} "
                          f"{percentile(lat, 0.99) * 1000:>8.1f}")
                print(f"{name:<18} {'ratio':<10} {http_rps / proc_rps:>8.1f}x requests per second over HTTP")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
