"""`huntaze replies add/list/show/rm/use`: saved quick-reply templates with placeholders (no AI)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import CreatorOpt, emit, started
from huntaze_cli.cli.helpview import App

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session

app = App(help="Saved quick replies with {fan_name}-style placeholders (no AI).\n\nExamples:\n\n"
                       "  huntaze replies add thanks \"Thank you {fan_name}, you made my day!\"\n\n"
                       "  huntaze replies use thanks --fan 1042\n\n"
                       "  huntaze replies use thanks --var fan_name=Alex", no_args_is_help=True)


def _reply_json(r: dict[str, Any]) -> dict[str, Any]:
    from huntaze_cli.core.views import quick_reply

    return quick_reply(r)


def _get(s: Session, creator_id: int | None, name: str) -> dict[str, Any]:
    from huntaze_cli.errors import NotFound

    # creator_id None: `default` not created yet, so it has no replies (reading never creates it).
    reply = s.ledger.get_reply(creator_id, name) if creator_id is not None else None
    if reply is None:
        raise NotFound(f"No quick reply named '{name}'; see `huntaze replies list`.")
    return reply


@app.command("add")
def add(name: Annotated[str, typer.Argument(help="A short name.")],
        text: Annotated[str, typer.Argument(help="The reply, with placeholders like {fan_name}.")],
        tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
        creator: CreatorOpt = None) -> None:
    """Save a quick reply."""
    from huntaze_cli.errors import InvalidInput
    from huntaze_cli.io.templates import placeholders

    s = started("replies", creator)
    if not name.strip() or not text.strip():
        raise InvalidInput("A quick reply needs a name and a text.")
    placeholders(text)  # validates the template before it is stored
    c = s.creator(creator)
    s.ledger.add_reply(c.id, name.strip(), text, tag or [])
    emit(_reply_json(_get(s, c.id, name.strip())), feature="replies", creator=c.name,
         human=lambda: print(f"Saved quick reply '{name.strip()}'."))


@app.command("list")
def list_(creator: CreatorOpt = None) -> None:
    """List quick replies."""
    s = started("replies", creator)
    c = s.find_creator(creator)
    replies = [_reply_json(r) for r in s.ledger.list_replies(c.id)] if c is not None else []

    def human() -> None:
        from huntaze_cli.cli import render

        if not replies:
            render.out().print("No quick replies yet; add one with `huntaze replies add NAME TEXT`.")
            return
        from rich.table import Table

        # Name, then the text wrapped beside it (not under the name) when the terminal is narrow.
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for r in replies:
            grid.add_row(render.text(r["name"]), render.text(r["text"]))
        render.out().print(grid)

    emit(replies, feature="replies", creator=s.creator_name(creator), human=human)


@app.command("show")
def show(name: Annotated[str, typer.Argument()], creator: CreatorOpt = None) -> None:
    """Show one quick reply and its placeholders."""
    s = started("replies", creator)
    c = s.find_creator(creator)
    r = _reply_json(_get(s, c.id if c else None, name))
    emit(r, feature="replies", creator=s.creator_name(creator), human=lambda: print(r["text"]))


@app.command("rm")
def rm(name: Annotated[str, typer.Argument()], creator: CreatorOpt = None) -> None:
    """Delete a quick reply."""
    s = started("replies", creator)
    c = s.find_creator(creator)
    _get(s, c.id if c else None, name)
    assert c is not None  # _get found the reply, so its creator exists
    s.ledger.delete_reply(c.id, name)
    emit({"name": name, "deleted": True}, feature="replies", creator=c.name, human=lambda: print(f"Deleted '{name}'."))


@app.command("use")
def use(name: Annotated[str, typer.Argument()],
        fan: Annotated[str | None, typer.Option("--fan", "-f", help="Fill placeholders from this fan.")] = None,
        var: Annotated[list[str] | None, typer.Option("--var", help="key=value for a placeholder (repeatable).")]
        = None,
        creator: CreatorOpt = None) -> None:
    """Fill a quick reply's placeholders and print it."""
    from huntaze_cli.errors import InvalidInput, NotFound
    from huntaze_cli.io.templates import fan_values, fill

    s = started("replies", creator)
    c = s.find_creator(creator)
    reply = _get(s, c.id if c else None, name)
    assert c is not None  # _get found the reply, so its creator exists
    fan_row = None
    if fan is not None:
        fan_row = s.ledger.get_fan(c.id, fan)
        if fan_row is None:
            raise NotFound(f"Fan '{fan}' is not among {c.name}'s fans; see `huntaze fans list`.")
    values = fan_values(fan_row, c.name)
    for item in var or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--var '{item}' should look like key=value.")
        values[key.strip()] = value
    text = fill(reply["text"], values)
    emit({"name": name, "text": text}, feature="replies", creator=c.name, human=lambda: print(text))
