"""Stored names are printed literally: rich markup in a fan's name, a platform from a metrics file, a reply's
name (`[/x]`, `[bold]`) is never parsed, so it cannot crash a table or restyle the output."""

from __future__ import annotations

NASTY = "[/x]"


def test_markup_in_stored_names_is_printed_literally(cli, tmp_path):
    fans = tmp_path / "fans.csv"
    fans.write_text(f"id,name,tier,engagement\n{NASTY},{NASTY} [bold]Al,[red]vip,high\n")
    posts = tmp_path / "posts.csv"
    posts.write_text("posted_at,platform,content_type,likes,comments,shares,saves,views\n"
                     f"2026-11-01T20:00:00Z,{NASTY},[/y],1,1,1,1,10\n")
    assert cli("fans", "import", str(fans)).code == 0
    assert cli("replies", "add", NASTY, f"hi {NASTY}").code == 0
    cases = [
        (["fans", "list"], [NASTY, f"{NASTY} [bold]Al", "[red]vip"]),
        (["analyze", str(posts)], [NASTY, "[/y]"]),
        (["insights"], [NASTY, "[/y]"]),
        (["replies", "list"], [f"{NASTY}  hi {NASTY}"]),
    ]
    for args, expected in cases:
        r = cli(*args)
        assert r.code == 0, (args, r.stderr)
        for text in expected:
            assert text in r.stdout, (args, text, r.stdout)
