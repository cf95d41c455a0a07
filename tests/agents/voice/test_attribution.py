"""Measured, not asserted: drafts written by the rules engine for two creators with clearly different histories
are closer (character n-gram cosine, agents/voice/stylometry.py) to their own creator's history than to the
other's; and the same requests through a model carry the profile in the prompt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huntaze_cli.agents.voice.stylometry import attribution_rate, profile_of
from testservers.voice_creators import casual_english, casual_french, drafts_for, formal_english, write_history


def _runner(cli: Any) -> Any:
    def run(*argv: str) -> Any:
        r = cli("--json", *argv)
        assert r.code == 0, r.stderr
        return r.json()["data"]
    return run


def _setup(cli: Any, tmp_path: Path, creators: dict[str, list[Any]]) -> dict[str, dict[str, float]]:
    for name, texts in creators.items():
        assert cli("creators", "add", name).code == 0
        assert cli("voice", "learn", "-c", name, str(write_history(tmp_path / f"{name}.csv", texts))).code == 0
    return {name: profile_of(t.text for t in texts) for name, texts in creators.items()}


def test_rules_engine_drafts_sound_like_their_own_creator(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    histories = _setup(cli, tmp_path, {"lea": casual_french(), "ann": formal_english()})
    run = _runner(cli)
    drafts = {"lea": drafts_for(run, "lea", "fr"), "ann": drafts_for(run, "ann", "en")}
    assert all(len(d) == 40 for d in drafts.values())
    for name, pairs in drafts.items():
        rate = attribution_rate([(name, text) for _, text in pairs], histories)
        assert rate >= 0.9, (name, rate)
    # the voice is visibly there, not only the language: the French creator's favourites and !!!, none for Ann
    assert sum("!!!" in t for _, t in drafts["lea"]) >= 30
    assert not any("!" in t for _, t in drafts["ann"])


def test_style_not_language_decides_two_english_creators(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Both write English and get the same requests: only their voices differ. Without the voice every draft is
    the same for both, so attribution is a coin toss (50%); with it, each creator's drafts are their own."""
    histories = _setup(cli, tmp_path, {"kim": casual_english(), "ann": formal_english()})
    run = _runner(cli)
    voiced = {name: attribution_rate([(name, t) for _, t in drafts_for(run, name, "en")], histories)
              for name in ("kim", "ann")}
    assert min(voiced.values()) >= 0.9, voiced
    plain = [(name, t) for name in ("kim", "ann") for _, t in drafts_for(run, name, "en", "--no-voice")]
    assert attribution_rate(plain, histories) <= 0.5 + 1e-9


def test_the_same_requests_through_a_model_carry_the_profile(cli, llm_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _setup(cli, tmp_path, {"lea": casual_french()})
    cli.use_server(llm_server)
    r = cli("--json", "caption", "-c", "lea", "--provider", "openai", "séance photo à la plage")
    assert r.code == 0, r.stderr and r.json()["meta"]["voice"] is True
    assert r.json()["meta"]["voice"] is True
    prompt = llm_server.last().parsed["prompt"]
    assert "<<<CREATOR_VOICE" in prompt and "<<<CREATOR_EXAMPLES" in prompt
    assert "😍" in prompt and "“coucou mes chéris”" in prompt and "Formality: casual" in prompt
    voice_block = prompt.split("<<<CREATOR_EXAMPLES", 1)[1].split(">>>END CREATOR_EXAMPLES", 1)[0]
    assert len([line for line in voice_block.splitlines() if line.startswith("- ")]) == 3
    r = cli("--json", "chat", "-c", "lea", "--provider", "openai", "coucou ça va ?")
    assert r.json()["meta"]["voice"] is True and "<<<CREATOR_VOICE" in llm_server.last().parsed["prompt"]
    r = cli("--json", "chat", "-c", "lea", "--provider", "openai", "--no-voice", "coucou ça va ?")
    assert r.json()["meta"]["voice"] is False and "CREATOR_VOICE" not in llm_server.last().parsed["prompt"]


def _examples_sent(prompt: str) -> int:
    if "<<<CREATOR_EXAMPLES" not in prompt:
        return 0
    block = prompt.split("<<<CREATOR_EXAMPLES", 1)[1].split(">>>END CREATOR_EXAMPLES", 1)[0]
    return len([line for line in block.splitlines() if line.startswith("- ")])


def test_a_small_local_context_drops_examples_first_then_the_voice(cli, llm_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Within the prompt budget local models already have (core/local.py): the examples go first (3, 1, 0), then
    the profile itself; meta.voice says whether the prompt still carried it."""
    from huntaze_cli.core.local import MIN_ANSWER_TOKENS, prompt_tokens

    _setup(cli, tmp_path, {"lea": casual_french()})
    local = ["--base-url", llm_server.openai_base_url, "--model", "smollm2", "--no-cache"]

    def sent(context: int | None, *extra: str) -> tuple[Any, str, str]:
        cli.config(f"[providers.local]\ncontext_tokens = {context}\n" if context else "")
        before = len(llm_server.requests)
        r = cli("--json", "chat", "-c", "lea", *local, *extra, "coucou ça va ?")
        posts = [q for q in llm_server.requests[before:] if q.path.endswith("/chat/completions")]
        return r, posts[-1].parsed.get("system") or "" if posts else "", posts[-1].parsed["prompt"] if posts else ""

    r, system, prompt = sent(None)
    assert r.code == 0 and _examples_sent(prompt) == 3 and r.json()["meta"]["voice"] is True
    lines = prompt.split("\n")
    examples = [i for i, line in enumerate(lines) if line.startswith("- ") and i > prompt[:prompt.index(
        "<<<CREATOR_EXAMPLES")].count("\n")][:3]
    one_example = "\n".join(line for i, line in enumerate(lines) if i not in examples[1:])
    need_one = prompt_tokens(system, one_example) + MIN_ANSWER_TOKENS
    need_three = prompt_tokens(system, prompt) + MIN_ANSWER_TOKENS
    assert need_one < need_three
    r, _, prompt = sent(need_one)   # three do not fit, one does
    assert r.code == 0 and _examples_sent(prompt) == 1 and "<<<CREATOR_VOICE" in prompt
    assert r.json()["meta"]["voice"] is True
    _, _, bare_prompt = sent(None, "--no-voice")
    need_bare = prompt_tokens(system, bare_prompt) + MIN_ANSWER_TOKENS
    r, _, prompt = sent(need_bare)  # only the request itself fits: sent without the voice, and said so
    assert r.code == 0 and "CREATOR_VOICE" not in prompt and r.json()["meta"]["voice"] is False


def test_the_same_run_through_the_fake_model_server_carries_each_creators_profile(cli, llm_server,  # type: ignore[no-untyped-def]
                                                                                   tmp_path: Path) -> None:
    _setup(cli, tmp_path, {"lea": casual_french(), "ann": formal_english()})
    cli.use_server(llm_server)
    metas: list[Any] = []

    def run(*argv: str) -> Any:
        r = cli("--json", *argv, "--provider", "openai", "--no-cache")
        assert r.code == 0, r.stderr
        metas.append(r.json()["meta"])
        return r.json()["data"]

    for name, lang, own, other in (("lea", "fr", "“coucou mes chéris”", "“Kind regards”"),
                                   ("ann", "en", "“Kind regards”", "“coucou mes chéris”")):
        before = len(llm_server.requests)
        assert len(drafts_for(run, name, lang)) == 40
        prompts = [q.parsed["prompt"] for q in llm_server.requests[before:] if q.path.endswith("/chat/completions")]
        assert len(prompts) == 40
        assert all("<<<CREATOR_VOICE" in p and own in p and other not in p for p in prompts)
    assert len(metas) == 80 and all(m["voice"] is True and m["provider"] == "openai" for m in metas)
