"""`huntaze ledger migrate --to URL --merge`: carry a SQLite ledger into a PostgreSQL ledger already in use.

`ledger migrate --to` keeps ids and so needs an empty target; here the target has its own creators and
history (the agency's hub, and the other laptops merged before). Creators are matched by name (or renamed
with `--map old=new`), every other id is remapped. What is carried: every settled usage row, the daily and monthly
totals (including history whose rows were pruned on the laptop), fans, purchases, experiments with their
variants and results, quick replies, and the texts and profiles of creators' voices. Host-local state
(the response cache, breaker, hooks, provider windows, API tokens, knowledge) stays where it is.

Nothing is counted twice: `ledger_merges` (m029) remembers, per merged ledger, each usage row (and what it
was) and result it copied and the amounts of each daily and monthly total it added, so a second merge adds
only what is new; a copied file that has parted from the merged one is refused (_same_history).
Fans, purchases, quick replies, experiments and variants are matched by their natural keys (a fan imported
on two laptops is one fan; the same purchase imported twice is one purchase; the hub's copy wins). All of it
runs in one transaction, and the per-creator, per-month sums are checked before the commit.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

import psycopg

from huntaze_cli.errors import InvalidInput, LedgerError, NotFound
from huntaze_cli.ledger import fan_totals
from huntaze_cli.ledger.clock import to_iso, utc
from huntaze_cli.ledger.db import LedgerDB
from huntaze_cli.ledger.postgres import open_database
from huntaze_cli.ledger.postgres.connection import PostgresDB, translate

_DAILY = ("requests", "provider_requests", "cached", "errors", "input_tokens", "output_tokens", "cost_usd",
          "unpriced")
_MONTHLY = ("total_cost_usd", "request_count")
_DIGITS = 9
# A request still in flight on the laptop stays there until it is settled: its hold is the laptop's (the hub
# would release it as abandoned, and never learn what it cost); the next merge carries the settled row.
_PENDING = "pending"
_USAGE_SKIP = {"id", "creator_id"}
Key = tuple[Any, ...]


def source_identity(source: LedgerDB) -> str:
    """A ledger's identity: its first creator's name and creation instant (creators are never deleted, and the
    instant has microseconds), hashed. The same file merged from another path is the same source."""
    row = source.conn.execute("SELECT name, created_at FROM creators ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise InvalidInput("This ledger has no creator yet, so it has nothing to merge.")
    return "sqlite:" + hashlib.sha256(f"{row[0]}|{row[1]}".encode()).hexdigest()[:32]


def _fingerprint(correlation_id: str, created_at: str, feature: str) -> str:
    """What a usage row was when it was merged, from what never changes once reserved (the instant has
    microseconds): two copies of one ledger that parted give their new rows different fingerprints."""
    return hashlib.sha256(f"{correlation_id}|{created_at}|{feature}".encode()).hexdigest()[:16]


def _rows(db: Any, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _columns(db: Any, table: str) -> list[str]:
    return [c[0] for c in db.conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description]


class _Merge:
    def __init__(self, source: LedgerDB, target: PostgresDB, names: dict[str, str]) -> None:
        self.source, self.target, self.names = source, target, names
        self.key = source_identity(source)
        self.now = to_iso(utc(None))
        self.done: dict[str, tuple[int | None, dict[str, Any] | None]] = {
            r["item"]: (r["target_id"], json.loads(r["carried"]) if r["carried"] else None)
            for r in _rows(target, "SELECT item, target_id, carried FROM ledger_merges WHERE source = ?", (self.key,))}
        self.creators: dict[int, int] = {}
        self.copied: dict[str, int] = defaultdict(int)

    # ---- bookkeeping ---------------------------------------------------------------------------------------
    def _remember(self, item: str, target_id: int | None = None, carried: dict[str, Any] | None = None) -> None:
        self.target.conn.execute(
            "INSERT INTO ledger_merges (source, item, target_id, carried, merged_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (source, item) DO UPDATE SET target_id = excluded.target_id, carried = excluded.carried,"
            " merged_at = excluded.merged_at",
            (self.key, item, target_id, json.dumps(carried) if carried is not None else None, self.now))
        self.done[item] = (target_id, carried)

    def _insert(self, table: str, row: dict[str, Any], conflict: str = "") -> int | None:
        names = list(row)
        cursor = self.target.conn.execute(
            f'INSERT INTO {table} ({", ".join(names)}) VALUES ({", ".join("?" * len(names))}) {conflict}',
            tuple(row[n] for n in names))
        return cursor.lastrowid if cursor.rowcount else None

    # ---- creators ------------------------------------------------------------------------------------------
    def map_creators(self) -> None:
        unknown = sorted(set(self.names) - {r["name"] for r in _rows(self.source, "SELECT name FROM creators")})
        if unknown:
            raise NotFound(f"--map names {', '.join(unknown)}, which this ledger has no creator called.")
        for c in _rows(self.source, "SELECT * FROM creators ORDER BY id"):
            name = self.names.get(c["name"], c["name"])
            found = _rows(self.target, "SELECT id FROM creators WHERE name = ?", (name,))
            if found:
                self.creators[c["id"]] = found[0]["id"]
                continue
            new = self._insert("creators", {k: (name if k == "name" else c[k]) for k in c if k != "id"})
            assert new is not None
            self.creators[c["id"]] = new
            self.copied["creators"] += 1

    # ---- usage, daily and monthly totals ---------------------------------------------------------------------
    def _same_history(self, row: dict[str, Any], carried: dict[str, Any] | None) -> None:
        """Refuse a copy of a ledger merged before whose history has since parted from it: its identity is the
        same, so its own new rows would be taken for ones already merged and silently dropped, and its totals
        would replace the other copy's. Each merged row remembers what it was (rows merged before this check
        existed remember nothing and are not compared). Raised inside the merge's transaction: nothing stays."""
        if carried and carried.get("row") not in (None, _fingerprint(row["correlation_id"], row["created_at"],
                                                                       row["feature"])):
            raise InvalidInput(
                f"This ledger is a copy of one already merged into {self.target.path}, and the two have "
                f"parted since (its usage row {row['id']} is not the one merged): merging it would drop its own "
                "requests, so nothing was merged. Merge one copy only; give every other laptop a ledger of "
                "its own (`huntaze init`, or `--db` with a new file) rather than a copied one.")

    def usage(self) -> dict[Key, dict[str, float]]:
        """New usage rows copied; returns what they added to each daily total (the trigger adds it)."""
        columns = [c for c in _columns(self.source, "usage_logs") if c not in _USAGE_SKIP]
        added: dict[Key, dict[str, float]] = defaultdict(lambda: dict.fromkeys(_DAILY, 0.0))
        cursor = self.source.conn.execute(f"SELECT id, creator_id, {', '.join(columns)} FROM usage_logs ORDER BY id")
        while batch := cursor.fetchmany(2000):
            for values in batch:
                row = dict(zip(["id", "creator_id", *columns], values, strict=True))
                item = f"usage_logs:{row['id']}"
                if item in self.done:
                    self._same_history(row, self.done[item][1])
                    continue
                if row["status"] == _PENDING:
                    continue
                new = self._insert("usage_logs", {**{c: row[c] for c in columns},
                                                  "creator_id": self.creators[row["creator_id"]]})
                self._remember(item, new, {"row": _fingerprint(row["correlation_id"], row["created_at"],
                                                               row["feature"])})
                self.copied["usage_logs"] += 1
                key = (row["created_at"][:10], row["creator_id"], row["feature"], row["provider"], row["model"])
                for name, amount in (("requests", 1), ("provider_requests", row["counted"]),
                                     ("cached", row["cached"]), ("errors", int(row["status"] == "error")),
                                     ("input_tokens", row["input_tokens"]), ("output_tokens", row["output_tokens"]),
                                     ("cost_usd", row["cost_usd"]), ("unpriced", row["unpriced"])):
                    added[key][name] += amount or 0
        return added

    def daily(self, by_rows: dict[Key, dict[str, float]]) -> None:
        """Each daily total ends holding all of the laptop's: what its new rows added, plus what the laptop
        kept of rows it pruned (never carried by a row)."""
        for d in _rows(self.source, "SELECT * FROM usage_daily"):
            key = (d["day"], d["creator_id"], d["feature"], d["provider"], d["model"])
            item = "usage_daily:" + json.dumps(list(key))
            carried = dict(self.done.get(item, (None, None))[1] or dict.fromkeys(_DAILY, 0))
            for name, amount in by_rows.get(key, {}).items():
                carried[name] = carried.get(name, 0) + amount
            delta = {n: round((d[n] or 0) - carried.get(n, 0), _DIGITS) for n in _DAILY}
            if any(delta.values()):
                self.target.conn.execute(
                    "INSERT INTO usage_daily (day, creator_id, feature, provider, model, " + ", ".join(_DAILY) + ")"
                    " VALUES (?, ?, ?, ?, ?, " + ", ".join("?" * len(_DAILY)) + ")"
                    " ON CONFLICT (day, creator_id, feature, provider, model) DO UPDATE SET "
                    + ", ".join(f"{n} = usage_daily.{n} + excluded.{n}" for n in _DAILY),
                    (d["day"], self.creators[d["creator_id"]], d["feature"], d["provider"], d["model"],
                     *(delta[n] for n in _DAILY)))
                self.copied["usage_daily"] += 1
            if item not in self.done or any(delta.values()) or by_rows.get(key):
                self._remember(item, None, {n: d[n] or 0 for n in _DAILY})

    def monthly(self) -> None:
        """The month's spend and request count as the laptop charged them (pending holds are its own)."""
        for m in _rows(self.source, "SELECT * FROM monthly_charges"):
            item = "monthly_charges:" + json.dumps([m["creator_id"], m["month"]])
            carried = self.done.get(item, (None, None))[1] or dict.fromkeys(_MONTHLY, 0)
            delta = {n: round((m[n] or 0) - carried.get(n, 0), _DIGITS) for n in _MONTHLY}
            if not any(delta.values()):
                continue
            creator = self.creators[m["creator_id"]]
            plan = _rows(self.target, "SELECT plan FROM creators WHERE id = ?", (creator,))[0]["plan"]
            self.target.conn.execute(
                "INSERT INTO monthly_charges (creator_id, month, total_cost_usd, request_count, plan, pending_usd)"
                " VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (creator_id, month) DO UPDATE SET"
                " total_cost_usd = monthly_charges.total_cost_usd + excluded.total_cost_usd,"
                " request_count = monthly_charges.request_count + excluded.request_count",
                (creator, m["month"], delta["total_cost_usd"], int(delta["request_count"]), plan))
            self._remember(item, None, {n: m[n] or 0 for n in _MONTHLY})
            self.copied["monthly_charges"] += 1

    # ---- fans, purchases, replies, experiments, voice profiles -----------------------------------------------
    def by_natural_key(self, table: str, conflict: str) -> None:
        for row in _rows(self.source, f'SELECT * FROM "{table}" ORDER BY id'):
            values = {k: v for k, v in row.items() if k != "id"}
            values["creator_id"] = self.creators[row["creator_id"]]
            if self._insert(table, values, f"ON CONFLICT {conflict} DO NOTHING") is not None:
                self.copied[table] += 1

    def experiments(self) -> None:
        ids: dict[int, int] = {}
        for e in _rows(self.source, "SELECT * FROM experiments ORDER BY id"):
            creator = self.creators[e["creator_id"]]
            found = _rows(self.target, "SELECT id FROM experiments WHERE creator_id = ? AND name = ?",
                          (creator, e["name"]))
            if found:
                ids[e["id"]] = found[0]["id"]
            else:
                new = self._insert("experiments", {"creator_id": creator, "name": e["name"],
                                                   "created_at": e["created_at"]})
                assert new is not None
                ids[e["id"]] = new
                self.copied["experiments"] += 1
        variants: dict[int, int] = {}
        for v in _rows(self.source, "SELECT * FROM experiment_variants ORDER BY id"):
            found = _rows(self.target, "SELECT id FROM experiment_variants WHERE experiment_id = ? AND label = ?",
                          (ids[v["experiment_id"]], v["label"]))
            if found:
                variants[v["id"]] = found[0]["id"]
            else:
                new = self._insert("experiment_variants", {"experiment_id": ids[v["experiment_id"]],
                                                           "label": v["label"], "text": v["text"]})
                assert new is not None
                variants[v["id"]] = new
                self.copied["experiment_variants"] += 1
        for r in _rows(self.source, "SELECT * FROM experiment_results ORDER BY id"):
            item = f"experiment_results:{r['id']}"
            if item in self.done:
                continue
            values = {k: v for k, v in r.items() if k != "id"}
            values["variant_id"] = variants[r["variant_id"]]
            self._remember(item, self._insert("experiment_results", values))
            self.copied["experiment_results"] += 1

    def voice(self) -> None:
        """The texts a creator's voice was learned from, each once (by its key); the hub's stored profile wins
        over the laptop's (`voice learn` on the hub relearns it from every text, merged ones included)."""
        self.by_natural_key("voice_texts", "(creator_id, text_key)")
        self.by_natural_key("voice_profiles", "(creator_id)")


_SUMS = {
    "requests": "SELECT c.name, substr(u.created_at, 1, 7), count(*), coalesce(sum(u.cost_usd), 0) FROM usage_logs u"
                " JOIN creators c ON c.id = u.creator_id GROUP BY 1, 2",
    "daily": "SELECT c.name, substr(d.day, 1, 7), sum(d.requests), coalesce(sum(d.cost_usd), 0) FROM usage_daily d"
             " JOIN creators c ON c.id = d.creator_id GROUP BY 1, 2",
    "monthly": "SELECT c.name, m.month, sum(m.request_count), coalesce(sum(m.total_cost_usd), 0)"
               " FROM monthly_charges m JOIN creators c ON c.id = m.creator_id GROUP BY 1, 2",
}


def month_sums(db: Any, names: dict[str, str] | None = None) -> dict[str, dict[tuple[str, str], tuple[int, float]]]:
    """Per creator (named as in the target) and month: usage rows, daily totals and monthly charges."""
    out: dict[str, dict[tuple[str, str], tuple[int, float]]] = {}
    for what, sql in _SUMS.items():
        found: dict[tuple[str, str], tuple[int, float]] = {}
        for name, month, count, cost in db.conn.execute(sql).fetchall():
            key = ((names or {}).get(name, name), month)
            before = found.get(key, (0, 0.0))
            found[key] = (before[0] + int(count or 0), round(before[1] + float(cost or 0), 6))
        out[what] = found
    return out


def expected_growth(source: LedgerDB, done: dict[str, tuple[Any, Any]],
                    names: dict[str, str]) -> dict[str, dict[tuple[str, str], tuple[int, float]]]:
    """What this merge must add to the target, per creator (target name) and month, read from the laptop's
    ledger: its usage rows not merged before, and its daily and monthly totals less what earlier merges
    carried (everything, on a first merge)."""
    creator_names = {r["id"]: names.get(r["name"], r["name"]) for r in _rows(source, "SELECT id, name FROM creators")}
    out: dict[str, dict[tuple[str, str], tuple[int, float]]] = {w: defaultdict(lambda: (0, 0.0)) for w in _SUMS}

    def add(what: str, key: tuple[str, str], count: float, cost: float) -> None:
        c, d = out[what][key]
        out[what][key] = (int(round(c + count)), round(d + cost, 6))

    for row in _rows(source, "SELECT id, creator_id, created_at, cost_usd, status FROM usage_logs"):
        if f"usage_logs:{row['id']}" not in done and row["status"] != _PENDING:
            add("requests", (creator_names[row["creator_id"]], row["created_at"][:7]), 1, row["cost_usd"] or 0)
    for d in _rows(source, "SELECT * FROM usage_daily"):
        item = "usage_daily:" + json.dumps([d["day"], d["creator_id"], d["feature"], d["provider"], d["model"]])
        carried = done.get(item, (None, None))[1] or {}
        add("daily", (creator_names[d["creator_id"]], d["day"][:7]), (d["requests"] or 0) - carried.get("requests", 0),
            (d["cost_usd"] or 0) - carried.get("cost_usd", 0))
    for m in _rows(source, "SELECT * FROM monthly_charges"):
        carried = done.get("monthly_charges:" + json.dumps([m["creator_id"], m["month"]]), (None, None))[1] or {}
        add("monthly", (creator_names[m["creator_id"]], m["month"]),
            (m["request_count"] or 0) - carried.get("request_count", 0),
            (m["total_cost_usd"] or 0) - carried.get("total_cost_usd", 0))
    return {w: dict(v) for w, v in out.items()}


def _check(before: dict[str, Any], after: dict[str, Any], growth: dict[str, Any]) -> list[str]:
    """after = before + growth, for usage rows, daily totals and monthly charges, per creator and month."""
    problems = []
    for what in _SUMS:
        for key in set(before[what]) | set(after[what]) | set(growth[what]):
            b, a, g = (d[what].get(key, (0, 0.0)) for d in (before, after, growth))
            if a[0] != b[0] + g[0] or abs(a[1] - (b[1] + g[1])) > 1e-5:
                problems.append(f"{what} of {key[0]} in {key[1]}: {b[0]} + {g[0]} is not {a[0]} "
                                f"(${b[1]:.6f} + ${g[1]:.6f} vs ${a[1]:.6f})")
    return problems


def merge_ledger(source: LedgerDB, url: str, names: dict[str, str]) -> dict[str, Any]:
    if source.backend != "sqlite":
        raise InvalidInput("`ledger migrate --merge` carries a SQLite ledger into PostgreSQL: pass it with --db PATH.")
    target = open_database(url)
    try:
        missing = sorted({"usage_logs", "ledger_merges"} - set(target.table_names()))
        if missing:
            raise LedgerError(f"The PostgreSQL ledger {target.path} has no table {', '.join(missing)}; update huntaze "
                              "on every machine to the same version, then run it again.")
        with target.transaction("migrations"):  # one merge at a time, all or nothing
            job = _Merge(source, target, names)
            first = not job.done
            growth = expected_growth(source, job.done, names)
            before = month_sums(target)
            job.map_creators()
            job.daily(job.usage())
            job.monthly()
            job.by_natural_key("fans", "(creator_id, fan_id)")
            job.by_natural_key("purchases", "(creator_id, fan_id, purchased_at, item, price_usd, bought, order_ref)")
            fan_totals.refresh(target, job.creators.values())  # the merged creators' histories have grown
            job.by_natural_key("quick_replies", "(creator_id, name)")
            job.experiments()
            job.voice()
            after = month_sums(target)
            problems = _check(before, after, growth)
            if problems:
                raise LedgerError("The merge was rolled back: the sums do not add up (" + "; ".join(problems[:5])
                                  + "). Report it with both ledgers' `huntaze costs --by month --json`.")
        return {"to": target.path, "source": job.key, "copied": dict(sorted(job.copied.items())),
                "first": first, "months": _table(before, after, month_sums(source, names))}
    except psycopg.Error as exc:
        error = translate(exc, url)
        raise error from error.__cause__
    finally:
        target.close()


def _table(before: dict[str, Any], after: dict[str, Any], mine: dict[str, Any]) -> list[dict[str, Any]]:
    keys = sorted(set(after["requests"]) | set(mine["requests"]) | set(after["monthly"]))
    out = []
    for creator, month in keys:
        def pair(d: dict[str, Any], what: str, c: str = creator, m: str = month) -> dict[str, Any]:
            count, cost = d[what].get((c, m), (0, 0.0))
            return {"requests": count, "costUsd": cost}

        out.append({"creator": creator, "month": month, "merged": pair(mine, "monthly"),
                    "before": pair(before, "monthly"), "after": pair(after, "monthly"),
                    "usageRows": {"merged": pair(mine, "requests")["requests"],
                                  "before": pair(before, "requests")["requests"],
                                  "after": pair(after, "requests")["requests"]}})
    return out
