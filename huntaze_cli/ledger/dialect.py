"""What the two ledger databases write differently, as one small table each: `SQLITE` here, `POSTGRESQL` in
`ledger/postgres/dialect.py`. The migrations in `ledger/schema.py` are written once against these fields.

Types stay those of the SQLite schema on both (integer flags, ISO text timestamps, double precision
dollars), so that one set of queries serves both backends.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

RollupEvent = Literal["insert", "delete", "update"]


class Dialect(NamedTuple):
    name: str
    id: str  # the generated integer primary key column, with its name
    ref: str  # the type of a column holding another table's id
    real: str  # a double-precision number (dollars, weights, thresholds)
    without_rowid: str  # the suffix of a table looked up only by its primary key ("" where it means nothing)
    drop_trigger: str  # DROP TRIGGER, with {name} and {table}
    # What a usage_daily trigger does when a usage row is inserted, deleted or updated (m010).
    rollup_action: dict[RollupEvent, str]
    # Server-side functions, created by the migration named after the field ("": none on this backend).
    dollar_functions: tuple[str, ...] = ()  # m003: round/max/min as SQLite's scalar functions have them
    rollup_function: tuple[str, ...] = ()  # m010: what rollup_action calls
    reserve_and_settle: tuple[str, ...] = ()  # m026: quotas.reserve and usage.settle as one statement each


# One usage row's amounts added to (sign 1) or taken from (sign -1) its day in the rollup.
_DAILY_ADD = """
    INSERT INTO usage_daily (day, creator_id, feature, provider, model, requests, provider_requests, cached,
        errors, input_tokens, output_tokens, cost_usd, unpriced)
    VALUES (substr({r}.created_at, 1, 10), {r}.creator_id, {r}.feature, {r}.provider, {r}.model, {sign},
        {sign} * {r}.counted, {sign} * {r}.cached, {sign} * ({r}.status = 'error'), {sign} * {r}.input_tokens,
        {sign} * {r}.output_tokens, {sign} * {r}.cost_usd, {sign} * {r}.unpriced)
    ON CONFLICT (day, creator_id, feature, provider, model) DO UPDATE SET
        requests = requests + excluded.requests, provider_requests = provider_requests + excluded.provider_requests,
        cached = cached + excluded.cached, errors = errors + excluded.errors,
        input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
        cost_usd = cost_usd + excluded.cost_usd, unpriced = unpriced + excluded.unpriced;"""

SQLITE = Dialect(
    name="sqlite",
    id="id INTEGER PRIMARY KEY",  # the rowid: no AUTOINCREMENT, so `ledger migrate` may keep ids as they are
    ref="INTEGER",
    real="REAL",
    without_rowid=" WITHOUT ROWID",
    drop_trigger="DROP TRIGGER {name}",
    # SQLite triggers hold their statements: an update takes the old row out and puts the new one in.
    rollup_action={
        "insert": " BEGIN" + _DAILY_ADD.format(r="new", sign="1") + " END",
        "delete": " BEGIN" + _DAILY_ADD.format(r="old", sign="-1") + " END",
        "update": " BEGIN" + _DAILY_ADD.format(r="old", sign="-1") + _DAILY_ADD.format(r="new", sign="1") + " END",
    },
)
