"""`huntaze optimize-sale` through the real CLI: the price and conversion are computed, never the model's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huntaze_cli.agents.sales import price as sales_price
from huntaze_cli.agents.schemas import SaleInput, Tactic
from testservers.llm_server import reply

ROOT = Path(__file__).resolve().parents[2]
FANS = str(ROOT / "examples" / "fans.csv")
TACTICS = {t.value for t in Tactic}


def expected(price: float, **fields: object) -> sales_price.PriceQuote:
    return sales_price.quote(price, SaleInput(message="x", price_usd=price, **fields),
                            str(fields.get("content_type", "photo")))


@pytest.mark.parametrize("provider", ["gemini", "openai"])
def test_model_numbers_are_replaced_by_sales_math(cli, llm_server, provider):
    cli.use_server(llm_server)
    llm_server.enqueue(reply(json.dumps({
        "optimizedMessage": "Only for you: my new set.", "suggestedPrice": 999.0, "expectedConversionRate": 0.99,
        "tactics": [{"name": "Urgency", "rationale": "deadline"}, {"name": "hypnosis", "rationale": "no"}],
        "alternativeMessages": ["Alt one", "Alt two"]})))
    r = cli("optimize-sale", "New set just dropped, want it?", "--price", "25", "--engagement", "high",
            "--spent", "0", "--content-type", "video", "--provider", provider, "--json")
    assert r.code == 0, r.stdout + r.stderr
    data = r.json()["data"]
    q = expected(25, engagement="high", spent_usd=0, content_type="video")
    assert (data["suggestedPrice"], data["expectedConversionRate"]) == (q.price, q.conversion)
    assert data["suggestedPrice"] != 999.0
    assert data["tactics"] == [{"name": "urgency", "rationale": "deadline"}]
    assert data["optimizedMessage"] == "Only for you: my new set."
    prompt = llm_server.last().parsed["prompt"]
    assert f"Computed suggestedPrice: {q.price:.2f}" in prompt and "<<<FAN_MESSAGE" in prompt


def test_rules_sale_for_an_imported_fan(cli):
    assert cli("fans", "import", FANS).code == 0
    r = cli("optimize-sale", "custom video for you?", "--price", "60", "--fan", "1042", "--content-type", "custom",
            "--json")
    data = r.json()["data"]
    assert r.json()["meta"]["provider"] == "rules"
    assert data["optimizedMessage"].startswith("Hey Alex! Custom video for you?") and "$" in data["optimizedMessage"]
    assert {t["name"] for t in data["tactics"]} <= TACTICS and all(t["rationale"] for t in data["tactics"])
    assert "exclusivity" in {t["name"] for t in data["tactics"]}
    assert 0 < data["expectedConversionRate"] < 1 and len(data["alternativeMessages"]) >= 2
    human = cli("optimize-sale", "custom video for you?", "--price", "60", "--fan", "1042", "--content-type", "custom")
    assert f"${data['suggestedPrice']:.2f}" in human.stdout and "Alternatives" in human.stdout


def test_bad_sale_input(cli):
    cases = [
        (["optimize-sale", "buy it"], "--price"),
        (["optimize-sale", "buy it", "--price", "0"], "--price"),
        (["optimize-sale", "buy it", "--price", "-3"], "--price"),
        (["optimize-sale", "buy it", "--price", "10", "--spent", "-1"], "--spent"),
        (["optimize-sale", "buy it", "--price", "10", "--fan", "nobody"], "nobody"),
        (["optimize-sale", "", "--price", "10"], "empty"),
    ]
    for argv, word in cases:
        r = cli(*argv)
        assert r.code == 2, (argv, r.stderr)
        assert word in r.stderr and len(r.stderr.strip().splitlines()) == 1, (argv, r.stderr)
