"""The same report as Markdown: the tables and notes of the page, each chart an SVG file beside it
(`NAME-charts/KEY.svg`), linked relatively so the folder can be moved or committed whole."""

from __future__ import annotations

import re

from huntaze_cli.reports.charts import Chart
from huntaze_cli.reports.layout import Figure, Mark, Page, Table

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """Markdown and inline HTML both neutralised: a fan named `<script>` or `**x**` stays plain text."""
    return _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")).replace("\n", " ")


def _cell(cell: str | Mark) -> str:
    return escape(cell.text) if isinstance(cell, Mark) else escape(cell)


def _table(table: Table) -> list[str]:
    align = ["---:" if i in table.numeric else "---" for i in range(len(table.headers))]
    lines = ["| " + " | ".join(escape(h) or " " for h in table.headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return lines if table.rows else [*lines[:2], "| " + " | ".join(["–"] * len(table.headers)) + " |"]


def _figure(figure: Figure, charts: dict[str, Chart], folder: str) -> list[str]:
    lines = [f"### {escape(figure.title)}", ""]
    lines += [escape(note) + "\n" for note in figure.notes]
    if figure.chart and figure.chart in charts:
        lines += [f"![{escape(charts[figure.chart].title)}]({folder}/{figure.chart}.svg)", ""]
    if figure.table is not None:
        lines += [*_table(figure.table), ""]
    return lines


def document(report: Page, charts: dict[str, Chart], folder: str, generated: str) -> str:
    lines = [f"# {escape(report.title)}", "", f"_{escape(report.subtitle)}_", ""]
    if report.empty is not None:
        lines += [escape(report.empty), ""]
    for section in report.sections:
        lines += [f"## {escape(section.title)}", ""]
        lines += [escape(note) + "\n" for note in section.notes]
        for figure in section.figures:
            lines += _figure(figure, charts, folder)
        lines += [f"- {escape(item)}" for item in section.items]
        if section.items:
            lines.append("")
    lines += [f"Made by huntaze on {escape(generated)}; every number is computed from the ledger. "
              "Changes: ▲ up, ▼ down, ▶ flat.", ""]
    return "\n".join(lines)
