"""Each kind of report opened in Debian's headless Chromium over the DevTools protocol: every chart drawn with
a size, no console error, no network request, no sideways scrolling on a phone, and a PDF print. Screenshots
at desktop and phone widths land in the test's temp dir (the path is printed with -s)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from huntaze_cli.ledger import open_ledger
from tests.reports import browser
from tests.reports.seed import seed

DESKTOP = (1280, 900)
PHONE = (390, 844)
AS_OF = "2026-11-30"


@pytest.fixture(scope="module")
def chromium() -> Iterator[browser.Browser]:
    try:
        browser.executable()
    except browser.Unavailable as exc:
        if browser.required():
            pytest.fail(f"Chromium is required ({browser.REQUIRE_ENV}) but {exc}.")
        pytest.skip(f"Browser tier skipped: {exc}.")
    with browser.Browser() as opened:
        yield opened


@pytest.fixture
def reports(cli, tmp_path: Path) -> dict[str, Path]:
    with open_ledger(cli.db, create_dir=True) as ledger:
        seed(ledger, "mia")
        seed(ledger, "zoe", days=30, fans=12)
        ledger.add_creator("empty", "starter")
    made = {"creator": tmp_path / "mia.html", "agency": tmp_path / "agency.html", "empty": tmp_path / "empty.html",
            "creator.md": tmp_path / "md" / "mia.md", "agency.md": tmp_path / "md" / "agency.md",
            "empty.md": tmp_path / "md" / "empty.md"}
    runs = [("-c", "mia", "--output", made["creator"]), ("--all", "--output", made["agency"]),
            ("-c", "empty", "--output", made["empty"]), ("-c", "mia", "--format", "md", "--output", made["creator.md"]),
            ("--all", "--format", "md", "--output", made["agency.md"]),
            ("-c", "empty", "--format", "md", "--output", made["empty.md"])]
    for args in runs:
        result = cli("report", "--as-of", AS_OF, "--since", "30d", *map(str, args))
        assert result.code == 0, result.stderr
    return made


def _drawn(markdown: Path) -> list[Path]:
    # The Markdown format writes every chart drawn as its own SVG file: the HTML page must show each one.
    return sorted((markdown.parent / f"{markdown.stem}-charts").glob("*.svg"))


def _check(visit: browser.PageVisit, *, min_charts: int, drawn: int | None = None) -> None:
    assert visit.errors == []
    assert visit.requests == []
    assert len(visit.charts) >= min_charts
    if drawn is not None:
        assert len(visit.charts) == drawn, "a chart was drawn but the page does not show it"
    assert all(w > 0 and h > 0 for w, h in visit.charts), visit.charts


@pytest.mark.parametrize(("kind", "min_charts"), [("creator", 8), ("agency", 6), ("empty", 0)])
def test_each_html_report_renders_offline_at_desktop_and_phone_width(
        chromium: browser.Browser, reports: dict[str, Path], tmp_path: Path, kind: str, min_charts: int) -> None:
    page, drawn = reports[kind], len(_drawn(reports[f"{kind}.md"]))
    desktop = chromium.visit(page, width=DESKTOP[0], height=DESKTOP[1])
    _check(desktop, min_charts=min_charts, drawn=drawn)
    chromium.screenshot(tmp_path / f"{kind}-desktop.png")
    phone = chromium.visit(page, width=PHONE[0], height=PHONE[1], mobile=True)
    _check(phone, min_charts=min_charts, drawn=drawn)
    assert phone.scroll_width <= phone.viewport_width, "the page scrolls sideways on a phone"
    chromium.screenshot(tmp_path / f"{kind}-phone.png")
    pdf = chromium.print_pdf(tmp_path / f"{kind}.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    print(f"screenshots of the {kind} report: {tmp_path}")


@pytest.mark.parametrize(("kind", "min_charts"), [("creator", 8), ("agency", 6)])
def test_the_markdown_reports_charts_open_as_images(
        chromium: browser.Browser, reports: dict[str, Path], kind: str, min_charts: int) -> None:
    charts = _drawn(reports[f"{kind}.md"])
    assert len(charts) >= min_charts
    text = reports[f"{kind}.md"].read_text()
    for chart in charts:
        assert chart.name in text
        visit = chromium.visit(chart, width=DESKTOP[0], height=DESKTOP[1])
        _check(visit, min_charts=1)


def test_the_browser_tier_sees_what_it_checks(chromium: browser.Browser, tmp_path: Path) -> None:
    # A page that breaks every rule, so that a checker that records nothing cannot pass the tests above.
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><img src='http://127.0.0.1:9/x.png'><svg width='0' height='0'></svg>"
                   "<script>console.error('boom'); throw new Error('uncaught')</script>"
                   "<div style='width:3000px'>wide</div></body></html>")
    visit = chromium.visit(bad, width=PHONE[0], height=PHONE[1], mobile=True)
    assert any("127.0.0.1:9" in url for url in visit.requests)
    assert any("boom" in e for e in visit.errors) and any("uncaught" in e for e in visit.errors)
    assert (0.0, 0.0) in visit.charts
    assert visit.scroll_width > visit.viewport_width
