"""Help pages: typer's rich layout (usage, panels of arguments, options and commands, epilog), drawn here with
rich's console, table and panel only.

Why not typer's own renderer: `typer.rich_utils` imports rich.markdown (markdown-it) and rich.traceback
(pygments) at module level, for a markup mode and tracebacks huntaze never uses; that import was most of
`--help`'s start-up (issue 18). The page is the same: same panels, columns, styles and [default: ...] notes.
Our command and group classes (HelpCommand, HelpGroup) are given to every Typer app through `App`.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

import click
import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

# typer's styles (typer/rich_utils.py), so that the page looks as it did.
_STYLES = {"option": "bold cyan", "switch": "bold green", "negative_option": "bold magenta",
           "negative_switch": "bold red", "metavar": "bold yellow", "metavar_sep": "dim", "usage": "yellow"}
_HIGHLIGHTS = [r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])", r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
               r"(?P<metavar>\<[^\>]+\>)", r"(?P<usage>Usage: )"]
_NEGATIVE = [r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
             r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])"]
_METAVAR = [r"^(?P<metavar_sep>(\[|<))", r"(?P<metavar_sep>\|)", r"(?P<metavar_sep>(\]|>))(\.\.\.)?$"]


class _Page:
    """One help page being printed: the console and the highlighters (rich imported here, at help time)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.highlighter import RegexHighlighter
        from rich.theme import Theme

        def highlighter(patterns: list[str]) -> Any:
            return type("H", (RegexHighlighter,), {"highlights": patterns})()

        self.options, self.negative, self.metavar = (highlighter(p) for p in (_HIGHLIGHTS, _NEGATIVE, _METAVAR))
        width = os.environ.get("TERMINAL_WIDTH")
        force = True if os.environ.get("GITHUB_ACTIONS") or os.environ.get("FORCE_COLOR") \
            or os.environ.get("PY_COLORS") else None
        if os.environ.get("_TYPER_FORCE_DISABLE_TERMINAL"):
            force = False
        self.console = Console(theme=Theme(_STYLES), highlighter=self.options, force_terminal=force,
                               width=int(width) if width else None)

    def text(self, text: str, style: str = "") -> Any:
        from rich.text import Text

        text = inspect.cleandoc(text)
        return self.options(Text.from_ansi(text, style=style) if "\033[" in text
                            else Text.from_markup(text, style=style))

    def panel(self, title: str, table: Any) -> None:
        from rich.panel import Panel

        if table.row_count:
            self.console.print(Panel(table, border_style="dim", title=title, title_align="left"))

    def help_text(self, obj: click.Command) -> Any:
        from rich.console import Group
        from rich.text import Text

        parts: list[Any] = [Text("(deprecated) ", style="red")] if obj.deprecated else []
        first, *rest = inspect.cleandoc(obj.help or "").partition("\f")[0].split("\n\n")
        if not first.startswith("\b"):
            first = first.replace("\n", " ")
        parts.append(self.text(first.strip()))
        if rest:
            parts += [Text(""), self.text("\n\n".join(rest), style="dim")]
        return Group(*parts)

    def param_help(self, param: click.Parameter, ctx: click.Context) -> Any:
        from rich.columns import Columns
        from rich.text import Text

        items: list[Any] = []
        envvar = getattr(param, "envvar", None)
        if envvar is None and getattr(param, "allow_from_autoenv", None) \
                and getattr(ctx, "auto_envvar_prefix", None) is not None and param.name is not None:
            envvar = f"{ctx.auto_envvar_prefix}_{param.name.upper()}"
        value = getattr(param, "help", None)
        if value:
            paragraphs = [p.replace("\n", " ").strip() if not p.startswith("\b") else "{}\n".format(p.strip("\b\n"))
                          for p in value.split("\n\n")]
            items.append(self.text("\n".join(paragraphs).strip()))
        if envvar and getattr(param, "show_envvar", None):
            names = envvar if isinstance(envvar, str) else ", ".join(str(d) for d in envvar)
            items.append(Text(f"[env var: {names}]", style="dim yellow"))
        if isinstance(param, (TyperOption, TyperArgument)):
            default = param._extract_default_help_str(ctx=ctx)
            is_str = isinstance(param.show_default, str)
            if is_str or (default is not None and (param.show_default or ctx.show_default)):
                shown = param._get_default_string(ctx=ctx, show_default_is_str=is_str, default_value=default)
                if shown:
                    items.append(Text(f"[default: {shown}]", style="dim"))
        if param.required:
            items.append(Text("[required]", style="dim red"))
        return Columns(items)

    def params(self, title: str, params: list[click.Parameter], ctx: click.Context) -> None:
        from rich.table import Table
        from rich.text import Text

        rows: list[list[Any]] = []
        required: list[Any] = []
        for param in params:
            long_ = [o for o in param.opts if "--" in o]
            short = [o for o in param.opts if "--" not in o]
            long2 = [o for o in param.secondary_opts if "--" in o]
            short2 = [o for o in param.secondary_opts if "--" not in o]
            metavar = Text(style="bold yellow", overflow="fold")
            shown = param.make_metavar(ctx=ctx)
            if isinstance(param, click.Argument) and param.name and shown == param.name.upper():
                shown = param.type.name.upper()
            if shown != "BOOLEAN":
                metavar.append(shown)
            if isinstance(param.type, click.types._NumberRangeBase) and isinstance(param, click.Option) \
                    and not (param.count and param.type.min == 0 and param.type.max is None):
                described = param.type._describe_range()
                if described:
                    metavar.append(f" [{described}]")
            required.append(Text("*", style="red") if param.required else "")
            rows.append([self.options(",".join(long_)), self.options(",".join(short)),
                         self.negative(",".join(long2)), self.negative(",".join(short2)),
                         self.metavar(metavar), self.param_help(param, ctx)])
        table = Table(highlight=True, show_header=False, expand=True, box=None, show_lines=False, leading=0,
                      pad_edge=False, padding=(0, 1))
        for mark, row in zip(required, rows, strict=True):
            table.add_row(*([mark, *row] if any(required) else row))
        self.panel(title, table)

    def commands(self, title: str, commands: list[click.Command], width: int) -> None:
        from rich.table import Table
        from rich.text import Text

        table = Table(highlight=False, show_header=False, expand=True, box=None, show_lines=False, leading=0,
                      pad_edge=False, padding=(0, 1))
        table.add_column(style="bold cyan", no_wrap=True, width=width)
        table.add_column("Description", justify="left", no_wrap=False, ratio=10)
        deprecated = any(c.deprecated for c in commands)
        for command in commands:
            first = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
            first = first.replace("\b\n", "") if first.startswith("\b") else first
            row = [Text(command.name or "", style="dim" if command.deprecated else ""), self.text(first.strip())]
            if deprecated:
                row.append(Text("(deprecated) ", style="red") if command.deprecated else None)
            table.add_row(*row)
        self.panel(title, table)


def print_help(obj: click.Command, ctx: click.Context) -> None:
    """The help page of `obj`, as typer's rich mode lays it out."""
    from rich.align import Align
    from rich.padding import Padding

    page = _Page()
    page.console.print(Padding(page.options(obj.get_usage(ctx)), 1), style="bold")
    if obj.help:
        page.console.print(Padding(Align(page.help_text(obj), pad=False), (0, 1, 1, 1)))
    arguments: dict[str, list[click.Parameter]] = {"Arguments": []}
    options: dict[str, list[click.Parameter]] = {"Options": []}
    for param in obj.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        panels = arguments if isinstance(param, click.Argument) else options
        panels.setdefault(getattr(param, "rich_help_panel", None) or next(iter(panels)), []).append(param)
    for panels in (arguments, options):
        for title, params in panels.items():
            page.params(title, params, ctx)
    if isinstance(obj, click.Group):
        groups: dict[str, list[click.Command]] = {"Commands": []}
        for name in obj.list_commands(ctx):
            command = obj.get_command(ctx, name)
            if command and not command.hidden:
                groups.setdefault(getattr(command, "rich_help_panel", None) or "Commands", []).append(command)
        width = max((len(c.name or "") for cs in groups.values() for c in cs), default=0)
        for title, commands in groups.items():
            page.commands(title, commands, width)
    if obj.epilog:
        epilog = "\n".join(x.replace("\n", " ").strip() for x in obj.epilog.split("\n\n"))
        page.console.print(Padding(Align(page.text(epilog), pad=False), 1))


class HelpCommand(TyperCommand):
    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        print_help(self, ctx)


class HelpGroup(TyperGroup):
    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        print_help(self, ctx)


class App(typer.Typer):
    """A Typer app whose commands and groups print their help through `print_help`."""

    def __init__(self, *, cls: type[HelpGroup] = HelpGroup, **kwargs: Any) -> None:
        super().__init__(cls=cls, **kwargs)

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or HelpCommand, **kwargs)
