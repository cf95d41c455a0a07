"""Revenue tools through the real CLI: purchase history import, segments, per-fan price in fans show, chat and
optimize-sale, mass-message drafts. Every figure below is worked by hand from examples/purchases.csv:

    1042 bought 25, 35, 60, 45, 40 (2026-09-02 … 11-20), declined 30   → median 40, max 60, acceptance 5/6
    2077 bought 15 (08-15), 20 (09-02), declined 20                     → 2 purchases: thin history
    3110 declined 8 (11-18)                                             → never bought
    4200 bought 10 (11-19)                                              → first purchase 6 days before 11-25
    creator's median sale: 10, 15, 20, 25, 35, 40, 45, 60 → (25 + 35) / 2 = 30
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FANS = str(ROOT / "examples" / "fans.csv")
PURCHASES = str(ROOT / "examples" / "purchases.csv")
AS_OF = "2026-11-25"


@pytest.fixture
def history(cli):
    assert cli("fans", "import", FANS).code == 0
    r = cli("fans", "import", PURCHASES, "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"] == {"imported": 11, "duplicates": 0, "kind": "purchases", "fans": 4, "creator": "default"}
    return cli


def test_reimporting_history_stores_nothing_twice(history):
    again = history("fans", "import", PURCHASES, "--json").json()["data"]
    assert (again["imported"], again["duplicates"]) == (0, 11)
    with sqlite3.connect(history.db) as db:
        assert db.execute("SELECT count(*), sum(bought) FROM purchases").fetchone() == (11, 8)
    # 4200 was only in the history: it became a fan
    assert [f["id"] for f in history("fans", "list", "--json").json()["data"]][-1] == "4200"


def test_fans_show_adds_segment_spend_prices_and_suggested_price(history):
    alex = history("fans", "show", "1042", "--as-of", AS_OF, "--json").json()["data"]
    assert alex["segment"] == "whales" and alex["name"] == "Alex"
    assert (alex["purchases"], alex["declinedOffers"], alex["medianPriceUsd"], alex["maxPriceUsd"]) == (5, 1, 40, 60)
    assert alex["acceptanceRate"] == 0.8333  # 5 / 6
    assert alex["lifetimeSpendUsd"] == 980  # the export's total (980) knows more than the history (205)
    # step = 1 + 0.4 × (5/6 − 0.5) = 1.133333; 40 × 1.133333 = 45.33 → 45 − 0.01 = 44.99
    assert alex["suggestedPrice"]["priceUsd"] == 44.99 and alex["suggestedPrice"]["basis"] == "fan"
    sam = history("fans", "show", "2077", "--as-of", AS_OF, "--json").json()["data"]
    # 2 purchases < 3: the creator's median sale 30 → 29.99
    assert sam["suggestedPrice"] == {"priceUsd": 29.99, "basis": "creator",
                                     "rationale": "2 purchases on record (fewer than 3): the creator's median sale "
                                                  "$30.00 → $29.99."}
    human = history("fans", "show", "1042", "--as-of", AS_OF).stdout
    assert "segment: whales" in human and "$44.99" in human and "acceptanceRate: 83%" in human


def test_fans_segments_by_hand(history):
    listed = history("fans", "segments", "--as-of", AS_OF, "--members", "--json").json()["data"]
    rows = {r["segment"]: r for r in listed}
    assert list(rows) == ["whales", "regulars", "new", "lapsed", "never-bought"]
    # 4 fans → ceil(0.05 × 4) = 1 whale: 1042, 90-day spend 205 (all since 09-02, window from 08-27)
    # revenue is each fan's lifetime spend, the figure `fans show` gives: the export's 980 > the history's 205
    assert rows["whales"]["fanIds"] == ["1042"] and rows["whales"]["revenueUsd"] == 980
    assert (rows["whales"]["revenueFromExportUsd"], rows["whales"]["revenue90dUsd"]) == (775, 205)
    assert rows["whales"]["acceptanceRate"] == 0.8333 and rows["whales"]["medianPriceUsd"] == 40
    assert rows["new"]["fanIds"] == ["4200"] and rows["new"]["revenueUsd"] == 10
    # 2077: last bought 09-02 (84 days) → lapsed; history 15 + 20 = 35 (20 within 90 days) < the export's 85
    lapsed = rows["lapsed"]
    assert (lapsed["fanIds"], lapsed["revenueUsd"], lapsed["revenue90dUsd"]) == (["2077"], 85, 20)
    assert rows["never-bought"]["fanIds"] == ["3110"] and rows["never-bought"]["declinedOffers"] == 1
    assert rows["regulars"]["fans"] == 0
    assert "whales" in history("fans", "segments", "--as-of", AS_OF).stdout


def test_one_spend_per_fan_in_fans_show_and_segments_with_its_source(history):
    shown = {fid: history("fans", "show", fid, "--as-of", AS_OF, "--json").json()["data"]
             for fid in ("1042", "2077", "4200")}
    assert (shown["1042"]["lifetimeSpendUsd"], shown["1042"]["lifetimeSpendSource"]) == (980, "fan export")
    assert shown["1042"]["purchaseHistorySpendUsd"] == 205
    assert (shown["4200"]["lifetimeSpendUsd"], shown["4200"]["lifetimeSpendSource"]) == (10, "purchase history")
    listed = history("fans", "segments", "--as-of", AS_OF, "--members", "--json").json()["data"]
    by_fan = {fid: r for r in listed for fid in r["fanIds"]}
    for fid, fan in shown.items():
        assert by_fan[fid]["segment"] == fan["segment"]
        if by_fan[fid]["fans"] == 1:  # a segment of one fan: its revenue is that fan's spend, to the cent
            assert by_fan[fid]["revenueUsd"] == fan["lifetimeSpendUsd"], fid
    assert sum(r["revenueUsd"] for r in listed) == 980 + 85 + 0 + 10
    human = history("fans", "show", "1042", "--as-of", AS_OF).stdout
    assert "lifetimeSpendUsd: 980.0 (from the fan export;" in human
    assert "lifetime spend = the fan export's total_spent" in history("fans", "segments", "--as-of", AS_OF).stdout


def test_optimize_sale_uses_the_fans_own_price_and_says_so(history):
    d = history("optimize-sale", "new shower video for you", "--price", "30", "--fan", "1042", "--content-type",
                "video", "--provider", "rules", "--json").json()["data"]
    # factor = 40 / 30 = 1.333333, step 1.133333; reference = 30 × video 1.15 × 1.333333 = 46.00
    # 46.00 × 1.133333 = 52.13 (within 15–60) → 51.99
    # conversion = (5 + 1) / (6 + 2) = 0.75 × (1 − 0.5 × (51.99 / 46 − 1)) = 0.75 × 0.934891 = 0.701
    assert d["suggestedPrice"] == 51.99 and d["expectedConversionRate"] == 0.701
    assert "51.99" in d["optimizedMessage"]
    assert d["priceBasis"].startswith("Priced from fan 1042's purchase history, not the generic formula")
    thin = history("optimize-sale", "new shower video", "--price", "30", "--fan", "2077", "--provider", "rules",
                   "--json").json()["data"]
    assert thin["priceBasis"] == ("Generic formula: fan 2077's purchase history is too thin to price from "
                                  "(2 paid purchase(s); 3 needed).")
    human = history("optimize-sale", "new shower video for you", "--price", "30", "--fan", "1042",
                    "--provider", "rules")
    assert "purchase history" in human.stdout


@pytest.mark.parametrize(("message", "given", "kind"), [("new shower video", None, "video"),
                                                        ("new shower video", "bundle", "bundle"),
                                                        ("new beach set", None, "photo")])
def test_every_explanation_names_the_kind_given_or_read_from_the_text(history, message, given, kind):
    args = ["optimize-sale", message, "--price", "30", "--fan", "1042", "--provider", "rules", "--json"]
    d = history(*args, *(["--content-type", given] if given else [])).json()["data"]
    assert f"this {kind} at base $30.00" in d["priceBasis"]
    others = {"photo", "video", "bundle", "custom"} - {kind}
    explained = " ".join([d["priceBasis"], *(t["rationale"] for t in d["tactics"])]).lower()
    assert not any(f"this {other}" in explained or f"{other} content" in explained for other in others), explained


def test_optimize_sale_without_history_is_unchanged(cli):
    assert cli("fans", "import", FANS).code == 0
    d = cli("optimize-sale", "new set", "--price", "20", "--fan", "3110", "--provider", "rules",
            "--json").json()["data"]
    assert d["priceBasis"] is None


def test_chat_upsells_use_the_fans_price(history):
    d = history("chat", "any new vids?", "--fan", "1042", "--provider", "rules", "--json").json()["data"]
    first = d["upsellSuggestions"][0]
    # video anchor 25: reference = 25 × 1.15 × 1.333333 = 38.33; × 1.133333 = 43.44 (within 12.50–50) → 42.99
    assert first["offer"] == "video clip" and first["priceUsd"] == 42.99
    assert "purchase history" in first["reason"]


def test_mass_message_one_draft_for_the_lapsed_segment(history):
    d = history("mass-message", "new beach set", "--segment", "lapsed", "--price", "25", "--as-of", AS_OF,
                "--json").json()["data"]
    assert d["sent"] is False and len(d["drafts"]) == 1
    lapsed = d["drafts"][0]
    # 2 purchases < 3: prior factor 0.8, step 1 → reference 25 × 0.8 = 20 → 19.99
    # p = (2 + 10 × 0.05) / (3 + 10) = 0.192308; elasticity = 1 − 0.5 × (19.99 / 20 − 1) = 1.00025 → 0.192
    assert (lapsed["segment"], lapsed["fans"], lapsed["suggestedPrice"], lapsed["expectedConversionRate"]) == \
        ("lapsed", 1, 19.99, 0.192)
    assert lapsed["expectedBuyers"] == 0.19 and lapsed["expectedRevenueUsd"] == 3.8  # 0.19 × 19.99
    assert "new beach set" in lapsed["text"] and "$19.99" in lapsed["text"] and lapsed["tactic"] == "urgency"
    assert lapsed["fanIds"] == ["2077"]


def test_mass_message_every_segment_with_fans_and_in_french(history):
    d = history("mass-message", "nouveau shooting plage", "--lang", "fr", "--as-of", AS_OF, "--json").json()["data"]
    assert [x["segment"] for x in d["drafts"]] == ["whales", "new", "lapsed", "never-bought"]
    whales = d["drafts"][0]
    # no --price: base = creator's median 30; whales have 5 purchases: factor 40 / 30, step 1.133333
    # 30 × 1.333333 × 1.133333 = 45.33 → 44.99; p = (5 + 10 × 0.30) / (6 + 10) = 0.5
    # elasticity = 1 − 0.5 × (44.99 / 40 − 1) = 0.937625 → 0.469
    assert (whales["suggestedPrice"], whales["expectedConversionRate"]) == (44.99, 0.469)
    assert whales["text"].startswith("Coucou !") and "44.99 $" in whales["text"]
    detected = history("mass-message", "nouveau shooting à la plage", "--segment", "new", "--json")
    assert detected.json()["data"]["drafts"][0]["text"].startswith("Coucou ! Bienvenue !")  # the description's
    assert history("mass-message", "set", "--lang", "not a code!").code == 2
    human = history("mass-message", "new beach set", "--as-of", AS_OF)
    assert "Drafts only: nothing was sent." in human.stderr and "whales" in human.stdout


def test_huntaze_never_sends_said_once_in_help_and_readme(cli):
    notice = "OnlyFans' terms forbid an AI chatbot writing fans' messages"
    assert cli("mass-message", "--help").stdout.replace("\n", " ").count("OnlyFans' terms forbid") == 1
    assert (ROOT / "README.md").read_text().count(notice) == 1


def test_mass_message_bad_input(cli):
    assert cli("mass-message", "set", "--segment", "vip").code == 2
    assert cli("mass-message", "set", "--price", "0").code == 2
    r = cli("mass-message", "new set", "--json")
    assert r.code == 0 and r.json()["data"]["drafts"] == []


@pytest.mark.parametrize(("content", "word"), [
    ("fan_id,date,price,outcome\n1,2026-11-01,nan,bought\n", "finite"),
    ("fan_id,date,price,outcome\n1,2026-11-01,inf,bought\n", "finite"),
    ("fan_id,date,price,outcome\n1,2026-11-01,-5,bought\n", "finite"),
    ("fan_id,date,price,outcome\n1,2026-11-01,5,maybe\n", "bought or declined"),
    ("fan_id,date,price,outcome\n1,0001-01-01T00:00:00+14:00,5,bought\n", "date"),
    ("fan_id,date,price,outcome\n1,1999-12-31,5,bought\n", "out of range"),
    ("fan_id,date,price,outcome\n1,2026-11-01,2000000000,bought\n", "finite"),
    ('[{"fan_id": 1, "date": "2026-11-01", "price": 1e400}]', "finite"),
    ("fan_id,date,price,outcome\n1,yesterday-ish,5,bought\n", "not a date"),
    ("fan_id,date,price\n,2026-11-01,5\n", "fan id"),
    ('[{"fan_id": 1, "date": "2026-11-01", "price": NaN}]', "JSON"),
    ("[" * 200_000, "JSON"),
])
def test_bad_purchase_files_are_refused_cleanly(cli, tmp_path, content, word):
    path = tmp_path / "purchases.csv"
    path.write_text(content)
    r = cli("fans", "import", str(path), "--kind", "purchases")
    assert r.code == 2 and word in r.stderr and "Traceback" not in r.stderr
    assert not cli.db.exists()  # refused before anything was created, not even the ledger


def test_purchases_as_json_with_declines(cli, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"purchases": [
        {"fan_id": 7, "purchased_at": "2026-11-01T10:00:00Z", "item": "set", "amount": "12.50", "status": "paid"},
        {"fan_id": 7, "purchased_at": "2026-11-02T10:00:00Z", "item": "set", "amount": 15, "bought": False}]}))
    assert cli("fans", "import", str(path), "--json").json()["data"]["imported"] == 2
    seven = cli("fans", "show", "7", "--json").json()["data"]
    assert (seven["purchases"], seven["declinedOffers"], seven["acceptanceRate"]) == (1, 1, 0.5)


def test_a_models_price_and_basis_are_replaced_by_the_fans_computed_ones(history, llm_server):
    from testservers.llm_server import reply

    history.use_server(llm_server)
    llm_server.enqueue(reply(json.dumps({
        "optimizedMessage": "Just for you: my new shower video.", "suggestedPrice": 5.0, "expectedConversionRate": 0.99,
        "tactics": [{"name": "exclusivity", "rationale": "VIP"}], "alternativeMessages": ["Alt"],
        "priceBasis": "I made it up"})))
    d = history("optimize-sale", "new shower video for you", "--price", "30", "--fan", "1042", "--content-type",
                "video", "--provider", "openai", "--json").json()["data"]
    assert (d["suggestedPrice"], d["expectedConversionRate"]) == (51.99, 0.701)  # as worked by hand above
    assert d["priceBasis"].startswith("Priced from fan 1042's purchase history")
    request = llm_server.last().parsed
    assert "Price basis (computed): Priced from fan 1042's purchase history" in request["prompt"]
    schema = json.dumps(request["schema"])
    # Computed, never asked of the model (schemas.COMPUTED_FIELDS): neither the basis nor the price itself.
    assert "priceBasis" not in schema and "suggestedPrice" not in schema and "optimizedMessage" in schema


def test_a_photo_at_the_creators_median_sale_costs_the_fans_suggested_price(history):
    # base 30 = the creator's median sale: reference = 30 × photo 1.0 × (40 / 30) = 40 = the fan's median paid,
    # so optimize-sale and `fans show` agree: 40 × 1.133333 = 45.33 → 44.99
    shown = history("fans", "show", "1042", "--json").json()["data"]["suggestedPrice"]["priceUsd"]
    sale = history("optimize-sale", "new set", "--price", "30", "--fan", "1042", "--provider", "rules",
                   "--json").json()["data"]["suggestedPrice"]
    assert shown == sale == 44.99


def test_mass_message_texts_from_a_model_keep_the_computed_prices(history, llm_server):
    from testservers.llm_server import reply

    history.use_server(llm_server)
    llm_server.enqueue(reply(json.dumps({"drafts": [
        {"segment": "whales", "text": "Babe, my beach set is out and you see it first: $44.99, just for you."},
        {"segment": "lapsed", "text": "Missed you! The beach set is waiting for you, only $1 today."},
        {"segment": "hackers", "text": "ignore me"}]})))
    r = history("mass-message", "new beach set", "--segment", "whales", "--segment", "lapsed", "--segment", "new",
                "--as-of", AS_OF, "--provider", "openai", "--json")
    assert r.code == 0, r.stderr
    env = r.json()
    drafts = {d["segment"]: d for d in env["data"]["drafts"]}
    assert list(drafts) == ["whales", "new", "lapsed"] and env["meta"]["provider"] == "openai"
    # the model's text kept where it states the computed price; its own "$1" is not a price we computed, so the
    # lapsed draft is the rules engine's, with the computed price (base 30 × prior 0.8 = 24 → 23.99)
    assert drafts["whales"]["text"].startswith("Babe, my beach set is out")
    assert drafts["whales"]["suggestedPrice"] == 44.99
    assert drafts["lapsed"]["text"].startswith("Hey! I've missed you!") and "$1 " not in drafts["lapsed"]["text"]
    assert drafts["lapsed"]["text"].endswith("Unlock it for $23.99.")
    assert drafts["new"]["text"].startswith("Hey! Welcome in!")  # skipped by the model: the rules engine's draft
    assert "hackers" not in json.dumps(env["data"])
    prompt = llm_server.last().parsed["prompt"]
    assert "- whales: 1 fans, price $44.99, expected conversion 46.9%, tactic exclusivity" in prompt
    assert "<<<CONTENT" in prompt
    with sqlite3.connect(history.db) as db:
        assert db.execute("SELECT feature, provider, status FROM usage_logs").fetchall() == [
            ("mass-message", "openai", "ok")]
