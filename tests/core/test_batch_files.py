"""Files named by a batch line (`image`, `insights`): only under the input file's directory or a directory
allowed with --allow-dir (symbolic links resolved), at most 20 MB; strict JSON per line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from huntaze_cli.io.input_files import MAX_FILE_BYTES


def _write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def _by_id(stdout: str) -> dict[str, dict[str, Any]]:
    return {env["meta"].get("itemId"): env for env in map(json.loads, stdout.splitlines()) if env}


def _png(path: Path, size: int = 64) -> Path:
    """A real PNG (each line's photo is decoded and checked), padded after its end to 8 + `size` bytes."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 120, 40)).save(buffer, "PNG")
    data = buffer.getvalue()
    path.write_bytes(data + b"\0" * max(0, 8 + size - len(data)))
    return path


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    """jobs/ holds the batch file and one image; elsewhere/ holds a file the batch may not name."""
    jobs, elsewhere = tmp_path / "jobs", tmp_path / "elsewhere"
    jobs.mkdir()
    elsewhere.mkdir()
    _png(jobs / "inside.png")
    _png(elsewhere / "secret.png")
    return jobs, elsewhere


def test_line_files_are_confined_to_the_input_directory(cli, tmp_path):
    jobs, elsewhere = _tree(tmp_path)
    os.symlink(elsewhere / "secret.png", jobs / "link.png")
    batch = _write_jsonl(jobs / "b.jsonl", [
        {"id": "rel", "description": "beach", "image": "inside.png"},
        {"id": "abs", "description": "beach", "image": str(elsewhere / "secret.png")},
        {"id": "up", "description": "beach", "image": "../elsewhere/secret.png"},
        {"id": "link", "description": "beach", "image": "link.png"},
        {"id": "insights", "description": "beach", "insights": "/etc/passwd"},
        {"id": "notstr", "description": "beach", "image": ["x"]},
    ])
    r = cli("--json", "caption", "--input", str(batch))
    got = _by_id(r.stdout)
    assert got["rel"]["success"] is True
    for item in ("abs", "up", "link", "insights"):
        assert got[item]["success"] is False, item
        message = got[item]["error"]["message"]
        assert "--allow-dir" in message and "outside" in message, message
    assert got["notstr"]["success"] is False and "file path" in got["notstr"]["error"]["message"]
    assert r.code == 2


def test_allow_dir_lets_a_line_name_files_elsewhere(cli, tmp_path):
    jobs, elsewhere = _tree(tmp_path)
    batch = _write_jsonl(jobs / "b.jsonl", [{"id": "abs", "description": "beach",
                                            "image": str(elsewhere / "secret.png")}])
    assert cli("--json", "caption", "--input", str(batch)).code == 2
    r = cli("--json", "caption", "--input", str(batch), "--allow-dir", str(elsewhere))
    assert r.code == 0 and _by_id(r.stdout)["abs"]["success"] is True


def test_files_over_20_mb_are_refused(cli, tmp_path):
    jobs, _ = _tree(tmp_path)
    big = jobs / "big.png"
    with open(big, "wb") as fh:  # sparse: costs no disk
        fh.truncate(MAX_FILE_BYTES + 1)
    _png(jobs / "edge.png", MAX_FILE_BYTES - 8 - 1)
    batch = _write_jsonl(jobs / "b.jsonl", [{"id": "big", "description": "beach", "image": "big.png"},
                                            {"id": "edge", "description": "beach", "image": "edge.png"}])
    got = _by_id(cli("--json", "caption", "--input", str(batch)).stdout)
    assert got["big"]["success"] is False and "20 MB" in got["big"]["error"]["message"]
    assert got["edge"]["success"] is True
    r = cli("caption", "beach", "--image", str(big))
    assert r.code == 2 and "20 MB" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_line_with_nan_or_deep_nesting_is_that_lines_error(cli, tmp_path):
    batch = _write_jsonl(tmp_path / "b.jsonl", [
        '{"id": "nan", "message": "hi", "spent": NaN}',
        '{"id": "deep", "message": ' + "[" * 100_000 + "}",
        {"id": "ok", "message": "hi"},
    ])
    r = cli("--json", "chat", "--input", str(batch))
    envs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [e["success"] for e in envs] == [False, False, True]
    assert "NaN" in envs[0]["error"]["message"] and "nested too deeply" in envs[1]["error"]["message"]


def test_a_line_with_an_overflowing_number_is_refused(cli, tmp_path):
    # 1e400 is valid JSON but parses as inf: it must not pass as a price or an amount spent.
    batch = _write_jsonl(tmp_path / "b.jsonl", ['{"id": "big", "message": "buy?", "price": 1e400}',
                                                '{"id": "spent", "message": "hi", "spent": 1e400}'])
    r = cli("--json", "optimize-sale", "--input", str(batch))
    got = _by_id(r.stdout)
    assert got["big"]["success"] is False and "finite" in got["big"]["error"]["message"]
    r = cli("--json", "chat", "--input", str(batch))
    assert _by_id(r.stdout)["spent"]["success"] is False


def test_refused_lines_do_not_create_the_default_creator(cli, tmp_path):
    import sqlite3

    batch = _write_jsonl(tmp_path / "b.jsonl", [{"id": "a", "message": "hi", "engagement": "extreme"},
                                                {"id": "b", "message": "hi", "fan": "404"}])
    r = cli("--json", "chat", "--input", str(batch))
    assert r.code == 2 and [e["success"] for e in map(json.loads, r.stdout.splitlines())] == [False, False]
    con = sqlite3.connect(cli.db)
    try:
        assert con.execute("select count(*) from creators").fetchone() == (0,)
        assert con.execute("select count(*) from usage_logs").fetchone() == (0,)
    finally:
        con.close()


def test_allow_dir_must_exist(cli, tmp_path):
    batch = _write_jsonl(tmp_path / "b.jsonl", [{"id": "a", "description": "beach"}])
    r = cli("caption", "--input", str(batch), "--allow-dir", str(tmp_path / "nope"))
    assert r.code == 2 and "--allow-dir" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert r.stdout == ""


def test_resume_skips_output_lines_that_are_not_envelopes(cli, tmp_path):
    batch = _write_jsonl(tmp_path / "b.jsonl", [{"id": "a", "description": "beach"}])
    out = tmp_path / "out.jsonl"
    out.write_text('[1, 2]\n"text"\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    r = cli("--json", "caption", "--input", str(batch), "--output", str(out), "--resume")
    assert r.code == 0, r.stderr
    assert json.loads(out.read_text().splitlines()[-1])["meta"]["itemId"] == "a"


def test_inline_insights_are_not_a_file(cli, tmp_path):
    from huntaze_cli.agents.analytics.metrics import compute_metrics, parse_metrics

    metrics = compute_metrics(parse_metrics("posted_at,platform,content_type,likes,comments,shares,saves,views\n"
                                            "2026-11-01T20:00:00Z,instagram,video,9,1,0,0,100\n", "m.csv"))
    batch = _write_jsonl(tmp_path / "b.jsonl", [{"id": "a", "description": "beach",
                                                 "insights": metrics.model_dump(mode="json")}])
    r = cli("--json", "caption", "--input", str(batch))
    assert r.code == 0 and _by_id(r.stdout)["a"]["success"] is True, r.stdout
