"""Experiments over a real `huntaze serve`: create, record and report as `huntaze experiments new/record/report`
do, on the same ledger (the report is the CLI's `--json` data), every error in the envelope with its status,
token scopes and other creators refused. Figures as in tests/cli/test_cmd_experiments.py (worked by hand)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import PLANTED_KEY
from tests.serve.test_errors import fails

VARIANTS = [{"label": "A", "text": "New beach set, want it?"}, {"label": "B", "text": "I shot this thinking of you"}]


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert PLANTED_KEY not in response.text
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is True and set(body) == {"success", "data", "meta"}
    assert body["meta"]["feature"] == "experiments"
    return body


def cli_report(hub: Any, name: str, creator: str) -> dict[str, Any]:
    done = hub.server.huntaze("experiments", "report", name, "--creator", creator, "--json")
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout)["data"])


@pytest.fixture(scope="module")
def beach(hub: Any) -> str:
    """Mia's experiment `beach`, made over HTTP, A's results recorded over HTTP and B's by the command line."""
    c = hub.server.client(hub.tokens["mia-draft"])
    made = ok(c.post("/api/experiments", json={"name": " beach ", "variants": VARIANTS}), 201)
    assert made["data"] == {"name": "beach", "variants": VARIANTS, "generatedBy": None}
    assert made["meta"]["creator"] == "mia"
    recorded = ok(c.post("/api/experiments/beach/results",
                         json={"label": "A", "sent": 120, "bought": 9, "revenueUsd": 225}))
    assert recorded["data"] == {"name": "beach", "recorded": 1,
                                "results": [{"variant": "A", "sent": 120, "bought": 9, "revenueUsd": 225.0}]}
    done = hub.server.huntaze("experiments", "record", "beach", "--variant", "B", "--sent", "120", "--bought", "5",
                              "--revenue", "100", "--creator", "mia")
    assert done.returncode == 0, done.stderr
    return "beach"


def test_report_is_the_command_lines_report(hub, beach):
    read = hub.server.client(hub.tokens["mia-read"])  # reading needs only the read scope
    body = ok(read.get(f"/api/experiments/{beach}"))
    assert body["meta"]["creator"] == "mia"
    assert body["data"] == cli_report(hub, beach, "mia")
    a, b = body["data"]["variants"]
    # A: 9 / 120 = 0.075, revenue per message 225 / 120 = 1.875; P(A best) = 0.8569 (Beta(10, 112) vs Beta(6, 116))
    assert (a["label"], a["sent"], a["bought"], a["conversionRate"], a["revenuePerMessageUsd"]) == \
        ("A", 120, 9, 0.075, 1.875)
    assert (b["sent"], b["bought"], b["revenueUsd"]) == (120, 5, 100)  # recorded by the command line
    assert a["probabilityBest"] == 0.8569 and body["data"]["winner"] is None
    listed = ok(read.get("/api/experiments"))["data"]
    assert [(e["name"], e["variants"], e["sent"]) for e in listed] == [("beach", 2, 240)]


def test_an_experiment_made_by_the_command_line_reads_the_same_over_http(hub):
    done = hub.server.huntaze("experiments", "new", "promo", "--variant", "X=one", "--variant", "Y=two",
                              "--variant", "Z=three", "--creator", "mia")
    assert done.returncode == 0, done.stderr
    c = hub.server.client(hub.tokens["mia-draft"])
    for label, sent, bought in (("X", 400, 40), ("Y", 400, 12), ("Z", 400, 20)):
        ok(c.post("/api/experiments/promo/results", json={"label": label, "sent": sent, "bought": bought}))
    body = ok(c.get("/api/experiments/promo"))["data"]
    assert body == cli_report(hub, "promo", "mia")
    assert [v["revenueUsd"] for v in body["variants"]] == [0, 0, 0]  # revenueUsd defaults to 0, as --revenue


def test_404_unknown_experiment(hub, beach):
    c = hub.server.client(hub.tokens["mia-draft"])
    fails(c.get("/api/experiments/nope"), 404, "NOT_FOUND")
    fails(c.post("/api/experiments/nope/results", json={"label": "A", "sent": 10, "bought": 1}), 404, "NOT_FOUND")
    admin = hub.server.client(hub.tokens["admin"])
    fails(admin.get(f"/api/experiments/{beach}", params={"creator": "ghost"}), 404, "NOT_FOUND")


def test_409_name_taken(hub, beach):
    c = hub.server.client(hub.tokens["mia-draft"])
    body = fails(c.post("/api/experiments", json={"name": beach, "variants": VARIANTS}), 409, "CONFLICT")
    assert "already exists" in body["error"]["message"]


@pytest.mark.parametrize("result, says", [
    ({"label": "A", "sent": 3_000_000_000, "bought": 1}, "1,000,000,000"),
    ({"label": "A", "sent": 0, "bought": 0}, "sent must be"),
    ({"label": "A", "sent": 10, "bought": 11}, "cannot exceed"),
    ({"label": "A", "sent": 10, "bought": 1, "revenueUsd": -5}, "revenue must be"),
    ({"label": "A", "sent": 10, "bought": 1, "revenueUsd": 1e300}, "revenue must be"),
    ({"label": "A", "sent": 1.5, "bought": 1}, "sent"),
    ({"label": "A", "sent": "10", "bought": 1}, "sent"),
    ({"label": "A", "sent": True, "bought": 1}, "sent"),
    ({"label": "C", "sent": 10, "bought": 1}, "no variant 'C'"),
    ({"label": "A", "sent": 10}, "bought"),
    ({"label": "A", "sent": 10, "bought": 1, "revenue": 5}, "revenue"),  # the field is revenueUsd
    ({"label": "A", "sent": 10, "bought": 1, "creator": 7}, "creator"),
])
def test_400_bad_results_change_nothing(hub, beach, result, says):
    c = hub.server.client(hub.tokens["mia-draft"])
    before = cli_report(hub, beach, "mia")
    body = fails(c.post(f"/api/experiments/{beach}/results", json=result), 400, "INVALID_INPUT")
    assert says in body["error"]["message"], body
    assert cli_report(hub, beach, "mia") == before


@pytest.mark.parametrize("field", ["sent", "bought", "revenueUsd"])
def test_400_nan_is_refused(hub, beach, field):
    # httpx refuses to encode NaN; a dashboard's JSON library may not, and Python's parser reads it.
    fields = {"label": "A", "sent": 10, "bought": 1, "revenueUsd": 5}
    text = json.dumps({**fields, field: float("nan")})
    assert "NaN" in text
    c = hub.server.client(hub.tokens["mia-draft"])
    before = cli_report(hub, beach, "mia")
    body = fails(c.post(f"/api/experiments/{beach}/results", content=text.encode(),
                        headers={"content-type": "application/json"}), 400, "INVALID_INPUT")
    assert "nan" in body["error"]["message"].lower()
    assert cli_report(hub, beach, "mia") == before


@pytest.mark.parametrize("spec, says", [
    ({"name": "solo", "variants": VARIANTS[:1]}, "2 to 10 variants"),
    ({"name": "dup", "variants": [VARIANTS[0], {**VARIANTS[1], "label": "A"}]}, "twice"),
    ({"name": "bad", "variants": [{"label": "no label", "text": "x"}, VARIANTS[1]]}, "label"),
    ({"name": "empty", "variants": [{"label": "A", "text": " "}, VARIANTS[1]]}, "no text"),
    ({"name": "long", "variants": [{"label": "A", "text": "x" * 2001}, VARIANTS[1]]}, "2,000"),
    ({"name": " ", "variants": VARIANTS}, "1 to 80 characters"),
    ({"name": "x" * 81, "variants": VARIANTS}, "1 to 80 characters"),
    ({"variants": VARIANTS}, "name"),
    ({"name": "extra", "variants": VARIANTS, "generate": 2}, "generate"),
])
def test_400_bad_experiments_are_not_created(hub, spec, says):
    c = hub.server.client(hub.tokens["mia-draft"])
    body = fails(c.post("/api/experiments", json=spec), 400, "INVALID_INPUT")
    assert says in body["error"]["message"], body
    if isinstance(spec.get("name"), str) and spec["name"].strip():
        fails(c.get(f"/api/experiments/{spec['name'][:80].strip()}"), 404, "NOT_FOUND")


def test_403_a_read_token_neither_creates_nor_records(hub, beach):
    read = hub.server.client(hub.tokens["mia-read"])
    before = cli_report(hub, beach, "mia")
    fails(read.post("/api/experiments", json={"name": "sneaky", "variants": VARIANTS}), 403, "FORBIDDEN")
    fails(read.post(f"/api/experiments/{beach}/results", json={"label": "A", "sent": 10, "bought": 1}), 403,
          "FORBIDDEN")
    assert cli_report(hub, beach, "mia") == before
    done = hub.server.huntaze("experiments", "list", "--creator", "mia", "--json")
    assert "sneaky" not in done.stdout


def test_another_creators_token_neither_reads_nor_writes(hub, beach):
    zoe = hub.server.client(hub.tokens["zoe-draft"])
    before = cli_report(hub, beach, "mia")
    # Naming mia is refused; not naming her means zoe's own experiments, where there is no `beach`.
    fails(zoe.get(f"/api/experiments/{beach}", params={"creator": "mia"}), 403, "FORBIDDEN")
    fails(zoe.get(f"/api/experiments/{beach}"), 404, "NOT_FOUND")
    fails(zoe.get("/api/experiments", params={"creator": "mia"}), 403, "FORBIDDEN")
    fails(zoe.post(f"/api/experiments/{beach}/results",
                   json={"label": "A", "sent": 10, "bought": 1, "creator": "mia"}), 403, "FORBIDDEN")
    fails(zoe.post(f"/api/experiments/{beach}/results", json={"label": "A", "sent": 10, "bought": 1}), 404,
          "NOT_FOUND")
    fails(zoe.post("/api/experiments", json={"name": "mine", "variants": VARIANTS, "creator": "mia"}), 403,
          "FORBIDDEN")
    assert cli_report(hub, beach, "mia") == before
    # The same name is zoe's own experiment, apart from mia's.
    ok(zoe.post("/api/experiments", json={"name": beach, "variants": VARIANTS}), 201)
    ok(zoe.post(f"/api/experiments/{beach}/results", json={"label": "B", "sent": 50, "bought": 50}))
    assert ok(zoe.get(f"/api/experiments/{beach}"))["data"]["variants"][1]["bought"] == 50
    assert cli_report(hub, beach, "mia") == before
    assert cli_report(hub, beach, "zoe")["variants"][1]["bought"] == 50


def test_an_admin_token_acts_for_the_creator_it_names(hub, beach):
    admin = hub.server.client(hub.tokens["admin"])
    body = ok(admin.get(f"/api/experiments/{beach}", params={"creator": "mia"}))
    assert body["meta"]["creator"] == "mia" and body["data"] == cli_report(hub, beach, "mia")


def test_openapi_publishes_the_three_schemas(hub):
    spec = hub.server.client().get("/openapi.json").json()
    made = spec["paths"]["/api/experiments"]["post"]
    schema = made["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["required"]) == {"name", "variants"}
    assert set(schema["properties"]["variants"]["items"]["properties"]) == {"label", "text"}
    assert "creator" in schema["properties"] and "201" in made["responses"] and "409" in made["responses"]
    result = spec["paths"]["/api/experiments/{name}/results"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    assert set(result["required"]) == {"label", "sent", "bought"}
    assert result["properties"]["sent"]["maximum"] == 1_000_000_000 and "revenueUsd" in result["properties"]
    report = spec["paths"]["/api/experiments/{name}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert "probabilityBest" in report["schema"]["properties"]["data"]["properties"]["variants"]["items"][
        "properties"]
