"""Does a draft sound like its creator? The attribution rate of drafts written in a learned voice.

    python bench/voice_match.py [--llama] [--json FILE]

Two creators with clearly different histories (testservers/voice_creators.py: emoji-heavy casual French, plain
formal English) and, to show that style and not only language is learned, a casual English one against the same
formal English one. Each learns its voice (`voice learn`), then gets 40 drafts through the real CLI (16 captions
on four platforms, 12 chat replies, 6 suggestions, 6 sales messages, from the same module; --drafts and
--llama-drafts scale them). A draft is
attributed to the creator whose history is nearest by character n-gram cosine (agents/voice/stylometry.py).
Printed per pair and engine: the attribution rate with the voice, and with --no-voice (the baseline).

Engines: the rules engine always; with --llama also SmolLM2-135M on llama.cpp's own server (the test tier's
server, testservers/real_llama.py), where the wheel and model can be had; drafts the model failed to write come
from the rules fallback and are counted apart. A benchmark, not a test: it reports, it never asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIRS = {"fr-casual vs en-formal": (("lea", "fr", "casual_french"), ("ann", "en", "formal_english")),
         "en-casual vs en-formal": (("kim", "en", "casual_english"), ("ann", "en", "formal_english"))}


def _cli(argv: list[str]) -> dict[str, Any]:
    from huntaze_cli.cli.main import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = run(["--json", *argv])
    if code != 0:
        raise SystemExit(f"huntaze {' '.join(argv)} failed with exit {code}: {out.getvalue()[:300]}")
    return json.loads(out.getvalue())


def _pair(name: str, creators: tuple[tuple[str, str, str], ...], engine_name: str, engine: list[str],
          home: Path, total: int) -> dict[str, Any]:
    import testservers.voice_creators as corpora
    from huntaze_cli.agents.voice.stylometry import attribution_rate, profile_of
    from testservers.voice_creators import drafts_for, write_history

    os.environ["HUNTAZE_HOME"] = str(home / engine_name / name.replace(" ", "_"))
    Path(os.environ["HUNTAZE_HOME"]).mkdir(parents=True, exist_ok=True)
    histories, models = {}, {"voice": 0, "plain": 0}
    for creator, _, corpus in creators:
        texts = getattr(corpora, corpus)()
        histories[creator] = profile_of(t.text for t in texts)
        _cli(["creators", "add", creator])
        _cli(["voice", "learn", "-c", creator, str(write_history(Path(os.environ["HUNTAZE_HOME"]) /
                                                                 f"{creator}.csv", texts))])
    result: dict[str, Any] = {}
    for mode, extra in (("voice", []), ("plain", ["--no-voice"])):
        def run(*argv: str, mode: str = mode) -> Any:
            envelope = _cli([*argv, *engine, "--no-cache"])
            if envelope["meta"].get("provider") != "rules":
                models[mode] += 1
            if engine:
                print(".", end="", file=sys.stderr, flush=True)  # a model draft takes seconds: show progress
            return envelope["data"]

        pairs = [(creator, text) for creator, lang, _ in creators
                 for _, text in drafts_for(run, creator, lang, *extra, total=total)]
        result[mode] = {"rate": attribution_rate(pairs, histories), "drafts": len(pairs),
                        "byModel": models[mode],
                        "perCreator": {c: attribution_rate([p for p in pairs if p[0] == c], histories)
                                       for c, _, _ in creators}}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--llama", action="store_true", help="also run SmolLM2-135M on llama.cpp's server")
    parser.add_argument("--drafts", type=int, default=40, help="drafts per creator for the rules engine")
    parser.add_argument("--llama-drafts", type=int, default=4, help="drafts per creator for SmolLM2 (each takes "
                        "seconds to minutes on a shared CPU)")
    parser.add_argument("--llama-pairs", type=int, default=1, help="how many of the pairs SmolLM2 runs")
    parser.add_argument("--llama-only", action="store_true", help="skip the rules engine")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="huntaze-voice-bench-"))
    engines: dict[str, list[str]] = {} if args.llama_only else {"rules": []}  # no key, no --base-url: rules
    server = None
    if args.llama:
        from testservers.real_llama import Unavailable, start_server

        try:
            server = start_server(slots=1)
            engines["smollm2-135m"] = ["--base-url", server.base_url, "--model", "smollm2"]
        except Unavailable as exc:
            print(f"llama.cpp tier skipped: {exc}.")
    report: dict[str, Any] = {}
    for engine, extra in engines.items():
        for index, (name, creators) in enumerate(PAIRS.items()):
            if engine != "rules" and index >= args.llama_pairs:
                break
            r = _pair(name, creators, engine, extra, home, args.drafts if engine == "rules" else args.llama_drafts)
            report[f"{engine} / {name}"] = r
            v, p = r["voice"], r["plain"]
            model_note = f", {v['byModel']}/{v['drafts']} written by the model" if engine != "rules" else ""
            print(f"{engine:13} {name:24} attribution with voice {v['rate']:.0%} "
                  f"({', '.join(f'{c} {x:.0%}' for c, x in v['perCreator'].items())}); "
                  f"--no-voice {p['rate']:.0%}{model_note}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    del server


if __name__ == "__main__":
    main()
