"""`providers check` and `init --check` run one health-check function (core/health.py) against the real
provider SDKs over HTTP (the fake server): same rows, billed to nobody."""

from __future__ import annotations

from huntaze_cli.ledger import open_ledger
from testservers.llm_server import error


def test_providers_check_reports_each_provider_through_the_core_health_check(cli, llm_server):
    cli.use_server(llm_server)
    r = cli("providers", "check", "--json")
    assert r.code == 0, r.stderr
    rows = {row["provider"]: row for row in r.json()["data"]}
    assert rows["openai"]["status"] == "ok" and rows["gemini"]["status"] == "ok"
    assert rows["azure"] == {"provider": "azure", "status": "not configured",
                             "hint": rows["azure"]["hint"]} and "AZURE_OPENAI" in rows["azure"]["hint"]
    assert llm_server.hits == 2   # one ping each for openai and gemini, none for the unconfigured ones

    llm_server.enqueue(error(500, "boom [/x]"))
    r = cli("providers", "check", "--provider", "openai")
    assert r.code == 5 and "openai did not answer the health check" in r.stderr
    assert "[/x]" in r.stdout     # the server's text is printed literally, not parsed as markup
    with open_ledger(cli.db) as ledger:  # a health check is billed to nobody
        assert ledger.list_usage() == []


def test_init_check_and_providers_check_give_the_same_row(cli, llm_server):
    cli.use_server(llm_server)
    init = cli("init", "--yes", "--provider", "openai", "--check", "--json")
    check = cli("providers", "check", "--provider", "openai", "--json")
    assert init.code == 0 and check.code == 0, (init.stderr, check.stderr)
    [from_init] = init.json()["data"]["checks"]
    [from_check] = check.json()["data"]
    assert set(from_init) == set(from_check) == {"provider", "status", "model", "latencyMs"}
    assert from_init["status"] == from_check["status"] == "ok"
    assert from_init["model"] == from_check["model"]


def test_providers_check_says_whether_a_local_server_takes_images(cli, llm_server):
    from testservers.llm_server import NO_VISION_MESSAGE

    cli.setenv(HUNTAZE_LOCAL_BASE_URL=llm_server.openai_base_url)
    r = cli("providers", "check", "--provider", "local", "--json")
    assert r.code == 0, r.stderr
    [row] = r.json()["data"]
    assert row["status"] == "ok" and row["acceptsImages"] is True
    probe = llm_server.last()
    assert [p["type"] for p in probe.body["messages"][-1]["content"]] == ["text", "image_url"]
    [image] = probe.parsed["images"]
    assert image["mime"] == "image/png" and image["bytes"][:8] == b"\x89PNG\r\n\x1a\n"

    llm_server.accepts_images = False  # a text-only model: llama.cpp started without --mmproj
    r = cli("providers", "check", "--provider", "local", "--json")
    assert r.code == 0, r.stderr      # the server works; it only cannot see images
    [row] = r.json()["data"]
    assert row["acceptsImages"] is False and NO_VISION_MESSAGE in row["imagesError"]
    human = cli("providers", "check", "--provider", "local")
    assert "images: not accepted" in human.stdout and "--mmproj" in human.stdout
    with open_ledger(cli.db) as ledger:
        assert ledger.list_usage() == []
