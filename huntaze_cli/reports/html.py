"""One self-contained HTML page: inline CSS, inline static SVG charts, no script, no font, no link to
anything. A Content-Security-Policy forbids every fetch, so even a mistake here could not reach the
network. Every text is escaped; the SVG comes from vl-convert, which escapes the data it draws."""

from __future__ import annotations

from html import escape

from huntaze_cli.reports.charts import Chart
from huntaze_cli.reports.layout import Figure, Mark, Page, Section, Table

# No default source: nothing may load. Inline styles and the inline SVG need nothing else.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
TONE_COLOURS = {"good": "#0072B2", "bad": "#D55E00", "neutral": "#555555"}  # Okabe–Ito blue and vermillion

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1b1b1b; background: #f5f6f8; }
header { background: #1b2a41; color: #fff; padding: 20px 24px; }
header h1 { margin: 0 0 4px; font-size: 1.5rem; }
header p { margin: 0; opacity: .85; }
nav { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 10px 24px; background: #e8ebf0; font-size: .9rem; }
nav a { color: #1b2a41; }
main { max-width: 1180px; margin: 0 auto; padding: 12px 16px 32px; }
section { background: #fff; border-radius: 8px; padding: 16px 20px; margin: 16px 0;
          box-shadow: 0 1px 2px rgba(0,0,0,.08); }
h2 { margin: 0 0 8px; font-size: 1.25rem; }
h3 { margin: 14px 0 6px; font-size: 1.05rem; }
.note { margin: 4px 0; color: #333; }
.figure { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: flex-start; margin: 8px 0 16px; }
.chart { flex: 1 1 560px; min-width: 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
.numbers { flex: 1 1 300px; min-width: 0; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e2e4e8; text-align: left; vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tone { font-weight: 600; white-space: nowrap; }
.good { color: GOOD; } .bad { color: BAD; } .neutral { color: NEUTRAL; }
ul.items { padding-left: 20px; } ul.items li { margin: 3px 0; }
.empty { font-size: 1.1rem; padding: 24px; }
footer { max-width: 1180px; margin: 0 auto; padding: 0 16px 24px; color: #555; font-size: .85rem; }
code { background: #f0f2f5; padding: 0 3px; border-radius: 3px; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  header { padding: 14px 14px; } nav { padding: 8px 14px; }
  main { padding: 6px 8px 20px; } section { padding: 12px 12px; margin: 10px 0; }
  .chart, .numbers { flex-basis: 100%; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  header { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 8px; }
  nav { display: none; }
  main { max-width: none; padding: 0; }
  section { box-shadow: none; border: 0; padding: 0; margin: 0 0 14pt; }
  .figure { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .chart { flex-basis: 100%; }
  .numbers { overflow: visible; }
  a { color: #000; text-decoration: none; }
}
""".replace("GOOD", TONE_COLOURS["good"]).replace("BAD", TONE_COLOURS["bad"]) \
    .replace("NEUTRAL", TONE_COLOURS["neutral"])


def _cell(cell: str | Mark, numeric: bool, tag: str = "td") -> str:
    cls = ' class="n"' if numeric else ""
    if isinstance(cell, Mark):
        return f'<{tag}{cls}><span class="tone {cell.tone}">{escape(cell.text)}</span></{tag}>'
    return f"<{tag}{cls}>{escape(cell)}</{tag}>"


def _table(table: Table) -> str:
    head = "".join(_cell(h, i in table.numeric, "th") for i, h in enumerate(table.headers))
    body = "".join("<tr>" + "".join(_cell(c, i in table.numeric) for i, c in enumerate(row)) + "</tr>"
                   for row in table.rows)
    if not table.rows:
        body = f'<tr><td colspan="{len(table.headers)}">No rows in this period.</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(figure: Figure, charts: dict[str, Chart]) -> str:
    parts = [f"<h3>{escape(figure.title)}</h3>"]
    parts += [f'<p class="note">{escape(note)}</p>' for note in figure.notes]
    inner = []
    if figure.chart and figure.chart in charts:
        inner.append(f'<div class="chart" role="img" aria-label="{escape(charts[figure.chart].title)}">'
                     f"{charts[figure.chart].svg}</div>")
    if figure.table is not None:
        inner.append(f'<div class="numbers">{_table(figure.table)}</div>')
    if inner:
        parts.append(f'<div class="figure">{"".join(inner)}</div>')
    return "".join(parts)


def _section(section: Section, charts: dict[str, Chart]) -> str:
    parts = [f'<section id="{escape(section.key)}"><h2>{escape(section.title)}</h2>']
    parts += [f'<p class="note">{escape(note)}</p>' for note in section.notes]
    parts += [_figure(figure, charts) for figure in section.figures]
    if section.items:
        parts.append('<ul class="items">' + "".join(f"<li>{escape(item)}</li>" for item in section.items) + "</ul>")
    return "".join(parts) + "</section>"


def page(report: Page, charts: dict[str, Chart], generated: str) -> str:
    nav = "".join(f'<a href="#{escape(s.key)}">{escape(s.title)}</a>' for s in report.sections)
    if report.empty is not None:
        body = f'<section id="empty" class="empty"><p>{escape(report.empty)}</p></section>'
    else:
        body = "".join(_section(section, charts) for section in report.sections)
    return ("<!doctype html>\n"
            f'<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(report.title)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{escape(report.title)}</h1><p>{escape(report.subtitle)}</p></header>"
            + (f"<nav>{nav}</nav>" if nav and report.empty is None else "")
            + f"<main>{body}</main>"
            f"<footer>Made by huntaze on {escape(generated)} from its ledger and the imported exports; every "
            "number is computed, none is written by a model. Changes: ▲ up, ▼ down, ▶ flat; blue is better, "
            "vermillion worse, grey neither.</footer></body></html>\n")
