"""X weighted-length benchmark: what twitter-text-parser costs, against references measured in the same run.

    python bench/x_length.py [--runs 9]

- import: median wall time of `python -c "import twitter_text"` against `python -c pass` (why it is imported
  only when an X post is measured);
- measuring: weighted_length of a 280-character caption (ASCII, and with emoji and CJK) against
  twitter-text's full parse_tweet of the same text, per call;
- cutting: enforce_caption of a 2,000-character caption for X against the same for Instagram (len-based).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def median_process(code: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def per_call(fn, runs: int, repeat: int = 200) -> float:  # type: ignore[no-untyped-def]
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        samples.append((time.perf_counter() - t0) / repeat)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    from huntaze_cli.agents.platforms import enforce_caption
    from huntaze_cli.agents.x_length import weighted_length

    base = median_process("pass", args.runs)
    imported = median_process("import twitter_text", args.runs)
    print(f"import twitter_text: {imported * 1000:.0f} ms vs python -c pass {base * 1000:.0f} ms "
          f"(+{(imported - base) * 1000:.0f} ms, {imported / base:.2f}x)")
    from twitter_text import parse_tweet

    ascii_caption = ("Sunset run on the beach, new PR today: see example.com/run. " * 6)[:280]
    mixed_caption = ("Sunset run on the beach 🌅 new PR today, see example.com/run 日本語 " * 6)[:280]
    for label, caption in (("ASCII", ascii_caption), ("emoji+CJK", mixed_caption)):
        weighted = per_call(lambda caption=caption: weighted_length(caption), args.runs)
        parser = per_call(lambda caption=caption: parse_tweet(caption), args.runs)
        print(f"weighted_length, 280 chars {label}: {weighted * 1e6:.0f} µs vs the full parser {parser * 1e6:.0f} µs "
              f"({weighted / parser:.2f}x)")
    long = ("Sunset run on the beach 🌅 new PR today " * 60)[:2000]
    x_cut = per_call(lambda: enforce_caption(long, ["#run", "#sunset"], "x"), args.runs, repeat=20)
    ig_cut = per_call(lambda: enforce_caption(long * 2, ["#run", "#sunset"], "instagram"), args.runs, repeat=20)
    print(f"enforce_caption 2,000 chars for X: {x_cut * 1000:.1f} ms vs Instagram {ig_cut * 1000:.2f} ms "
          f"({x_cut / ig_cut:.0f}x)")


if __name__ == "__main__":
    main()
