"""The PostgreSQL column of the dialect table (`ledger/dialect.py`): identity columns, its types, and the
functions the ledger keeps on the server, which SQLite has no need for (or has built in).

Their text is what shipped: a ledger's functions are compared with it (tests/ledger/test_one_schema.py).
"""

from __future__ import annotations

from huntaze_cli.ledger.dialect import Dialect

# The two SQLite scalar functions the shared queries use on dollar amounts, in the ledger's schema.
_DOLLAR_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION round(value DOUBLE PRECISION, digits INTEGER) RETURNS DOUBLE PRECISION
        LANGUAGE sql IMMUTABLE STRICT AS 'SELECT round(value::numeric, digits)::double precision'""",
    """CREATE OR REPLACE FUNCTION max(a DOUBLE PRECISION, b DOUBLE PRECISION) RETURNS DOUBLE PRECISION
        LANGUAGE sql IMMUTABLE AS 'SELECT greatest(a, b)'""",
    """CREATE OR REPLACE FUNCTION min(a DOUBLE PRECISION, b DOUBLE PRECISION) RETURNS DOUBLE PRECISION
        LANGUAGE sql IMMUTABLE AS 'SELECT least(a, b)'""",
)


def _daily_upsert(key: str, values: str) -> str:
    """One upsert of usage_daily: `key` gives the row (a usage row's day, creator, feature, provider, model),
    `values` the amounts to add (requests, provider_requests, cached, errors, tokens in/out, cost, unpriced)."""
    return f"""
        INSERT INTO usage_daily (day, creator_id, feature, provider, model, requests, provider_requests, cached,
            errors, input_tokens, output_tokens, cost_usd, unpriced)
        VALUES ({key}, {values})
        ON CONFLICT (day, creator_id, feature, provider, model) DO UPDATE SET
            requests = usage_daily.requests + excluded.requests,
            provider_requests = usage_daily.provider_requests + excluded.provider_requests,
            cached = usage_daily.cached + excluded.cached, errors = usage_daily.errors + excluded.errors,
            input_tokens = usage_daily.input_tokens + excluded.input_tokens,
            output_tokens = usage_daily.output_tokens + excluded.output_tokens,
            cost_usd = usage_daily.cost_usd + excluded.cost_usd,
            unpriced = usage_daily.unpriced + excluded.unpriced;"""


def _key(r: str) -> str:
    return f"substr({r}.created_at, 1, 10), {r}.creator_id, {r}.feature, {r}.provider, {r}.model"


def _amounts(r: str, sign: str) -> str:
    return (f"{sign} 1, {sign} {r}.counted, {sign} {r}.cached,"
            f" {sign} (CASE WHEN {r}.status = 'error' THEN 1 ELSE 0 END), {sign} {r}.input_tokens,"
            f" {sign} {r}.output_tokens, {sign} {r}.cost_usd, {sign} {r}.unpriced")


_ERROR = "(CASE WHEN {r}.status = 'error' THEN 1 ELSE 0 END)"
# A settlement changes a row's amounts, not its day/creator/feature/provider/model: one upsert of the
# difference. The statements sit directly in PL/pgSQL, whose plans are cached per session (behind a
# helper function they were planned on every row: three times the cost of the insert itself).
_ROLLUP_BODY = f"""
    BEGIN
        IF TG_OP = 'UPDATE' AND substr(OLD.created_at, 1, 10) = substr(NEW.created_at, 1, 10)
                AND OLD.creator_id = NEW.creator_id AND OLD.feature = NEW.feature AND OLD.provider = NEW.provider
                AND OLD.model = NEW.model THEN
            {_daily_upsert(_key("NEW"), "0, NEW.counted - OLD.counted, NEW.cached - OLD.cached, "
                           + _ERROR.format(r="NEW") + " - " + _ERROR.format(r="OLD")
                           + ", NEW.input_tokens - OLD.input_tokens, NEW.output_tokens - OLD.output_tokens,"
                           " NEW.cost_usd - OLD.cost_usd, NEW.unpriced - OLD.unpriced")}
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_daily_upsert(_key("OLD"), _amounts("OLD", "-"))}
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            {_daily_upsert(_key("NEW"), _amounts("NEW", "+"))}
        END IF;
        RETURN NULL;
    END"""

# `quotas.reserve` and `usage.settle` as one statement each: the creator's lock and everything done under it run on
# the server, so the lock is never held across a trip to a client (a busy batch process can keep a thread off the
# GIL for milliseconds while it holds the lock, and every other host waits). huntaze_reserve first reads the
# provider's breaker when asked (`Ledger.reserve_unless_tripped`): one that is not closed comes back with nothing
# reserved. It decides as `quotas._check_rate` / `_check_month` do; on a refusal it writes nothing and returns the
# figures, from which `quotas` builds the sentence. With abandoned holds to release it also writes nothing and says
# so: `quotas` releases them and asks again. huntaze_settle is `usage.settle`'s SQLite path, statement for
# statement, under the usage row's lock; it returns false when the row does not exist.
_RESERVE = """
        CREATE FUNCTION huntaze_reserve(p_name TEXT, p_plans JSONB, p_fallback_plan TEXT, p_feature TEXT,
            p_provider TEXT, p_model TEXT, p_reserve DOUBLE PRECISION, p_correlation TEXT, p_batch_key TEXT,
            p_request TEXT, p_stamp TEXT, p_deadline TEXT, p_window_start TEXT, p_month TEXT,
            p_stale_before TEXT, p_legacy_before TEXT, p_digits INTEGER, p_breaker TEXT)
        RETURNS TABLE (usage_id BIGINT, creator_id BIGINT, stale BOOLEAN, requests_per_hour BIGINT,
            monthly_usd DOUBLE PRECISION, window_used BIGINT, month_spent DOUBLE PRECISION,
            month_pending DOUBLE PRECISION, breaker_state TEXT, breaker_failures INTEGER, breaker_opened_at TEXT)
        LANGUAGE plpgsql AS $$
        #variable_conflict use_column
        DECLARE
            c creators%ROWTYPE;
            v_plan JSONB;
            v_limit BIGINT;
            v_cap DOUBLE PRECISION;
            v_used BIGINT;
            v_spent DOUBLE PRECISION;
            v_pending DOUBLE PRECISION;
            v_id BIGINT;
            b breaker_state%ROWTYPE;
        BEGIN
            -- The provider's breaker (p_breaker, when given) in the same trip: not closed, nothing is reserved.
            IF p_breaker IS NOT NULL THEN
                SELECT * INTO b FROM breaker_state WHERE provider = p_breaker;
                IF FOUND AND b.state <> 'closed' THEN
                    RETURN QUERY SELECT NULL::BIGINT, NULL::BIGINT, FALSE, NULL::BIGINT, NULL::DOUBLE PRECISION,
                        NULL::BIGINT, NULL::DOUBLE PRECISION, NULL::DOUBLE PRECISION, b.state,
                        b.consecutive_failures, b.opened_at;
                    RETURN;
                END IF;
            END IF;
            SELECT * INTO c FROM creators WHERE name = p_name;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || ':creator:' || c.id, 0));
            IF EXISTS (SELECT 1 FROM usage_logs u WHERE u.creator_id = c.id AND u.status = 'pending'
                       AND (u.deadline_at < p_stale_before
                            OR (u.deadline_at IS NULL AND u.created_at < p_legacy_before))) THEN
                RETURN QUERY SELECT NULL::BIGINT, c.id, TRUE, NULL::BIGINT, NULL::DOUBLE PRECISION, NULL::BIGINT,
                    NULL::DOUBLE PRECISION, NULL::DOUBLE PRECISION, b.state, b.consecutive_failures, b.opened_at;
                RETURN;
            END IF;
            v_plan := coalesce(p_plans -> c.plan, p_plans -> p_fallback_plan);
            v_limit := coalesce(c.requests_per_hour_override, (v_plan ->> 0)::BIGINT);
            v_cap := coalesce(c.monthly_usd_override, (v_plan ->> 1)::DOUBLE PRECISION);
            SELECT count(*) INTO v_used FROM usage_logs u
                WHERE u.creator_id = c.id AND u.counted = 1 AND u.created_at > p_window_start;
            SELECT m.total_cost_usd, m.pending_usd INTO v_spent, v_pending FROM monthly_charges m
                WHERE m.creator_id = c.id AND m.month = p_month;
            v_spent := coalesce(v_spent, 0);
            v_pending := coalesce(v_pending, 0);
            IF v_used >= v_limit OR (v_cap IS NOT NULL
                    AND NOT (round(v_spent + v_pending + p_reserve, p_digits) <= v_cap AND v_spent < v_cap)) THEN
                RETURN QUERY SELECT NULL::BIGINT, c.id, FALSE, v_limit, v_cap, v_used, v_spent, v_pending, b.state,
                    b.consecutive_failures, b.opened_at;
                RETURN;
            END IF;
            INSERT INTO usage_logs (creator_id, feature, provider, model, cost_usd, reserved_usd, status, cached,
                counted, correlation_id, batch_key, request_json, created_at, deadline_at)
            VALUES (c.id, p_feature, p_provider, p_model, 0, p_reserve, 'pending', 0, 1, p_correlation,
                p_batch_key, p_request, p_stamp, p_deadline)
            RETURNING id INTO v_id;
            INSERT INTO monthly_charges (creator_id, month, total_cost_usd, pending_usd, request_count, plan)
            VALUES (c.id, p_month, 0, round(p_reserve, p_digits), 1, c.plan)
            ON CONFLICT (creator_id, month) DO UPDATE SET
                pending_usd = round(monthly_charges.pending_usd + excluded.pending_usd, p_digits),
                request_count = monthly_charges.request_count + 1, plan = excluded.plan;
            RETURN QUERY SELECT v_id, c.id, FALSE, v_limit, v_cap, v_used, v_spent, v_pending, b.state,
                b.consecutive_failures, b.opened_at;
        END $$"""

_SETTLE = """
        CREATE FUNCTION huntaze_settle(p_id BIGINT, p_status TEXT, p_input_tokens INTEGER, p_output_tokens INTEGER,
            p_cost DOUBLE PRECISION, p_unpriced INTEGER, p_latency_ms INTEGER, p_provider TEXT, p_model TEXT,
            p_error_code TEXT, p_estimated INTEGER, p_attempts INTEGER, p_response TEXT, p_providers_tried TEXT,
            p_digits INTEGER)
        RETURNS BOOLEAN
        LANGUAGE plpgsql AS $$
        DECLARE
            r RECORD;
            v_released DOUBLE PRECISION;
        BEGIN
            -- The row's own lock, not the creator's: a settlement only lowers settled + held (a cost is never
            -- above its hold), so a reservation deciding at the same time stays on the safe side. Rows are
            -- locked in one order everywhere (usage row, its day in usage_daily, the month), so settlements,
            -- reservations and releases never deadlock.
            SELECT u.creator_id, substr(u.created_at, 1, 7) AS month, u.cost_usd, u.reserved_usd, u.status,
                u.counted INTO r FROM usage_logs u WHERE u.id = p_id FOR UPDATE;
            IF NOT FOUND THEN
                RETURN FALSE;
            END IF;
            UPDATE usage_logs SET status = p_status, input_tokens = p_input_tokens, output_tokens = p_output_tokens,
                cost_usd = p_cost, unpriced = p_unpriced, latency_ms = p_latency_ms,
                provider = coalesce(p_provider, provider), model = coalesce(p_model, model),
                error_code = p_error_code, estimated = p_estimated, attempts = coalesce(p_attempts, attempts),
                response_json = coalesce(p_response, response_json),
                providers_tried = coalesce(p_providers_tried, providers_tried)
                WHERE id = p_id;
            IF r.counted = 1 THEN
                v_released := CASE WHEN r.status = 'pending' THEN r.reserved_usd ELSE 0 END;
                UPDATE monthly_charges SET total_cost_usd = round(total_cost_usd + (p_cost - r.cost_usd), p_digits),
                    pending_usd = CASE WHEN pending_usd - v_released < 0 THEN 0
                                       ELSE round(pending_usd - v_released, p_digits) END
                    WHERE creator_id = r.creator_id AND month = r.month;
            END IF;
            RETURN TRUE;
        END $$"""

POSTGRESQL = Dialect(
    name="postgresql",
    id="id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",  # BY DEFAULT: `ledger migrate` keeps ids
    ref="BIGINT",
    real="DOUBLE PRECISION",
    without_rowid="",
    drop_trigger="DROP TRIGGER {name} ON {table}",
    # One row trigger function does all three (the same arithmetic as SQLite's three trigger bodies).
    rollup_action=dict.fromkeys(("insert", "delete", "update"),
                                " FOR EACH ROW EXECUTE FUNCTION usage_daily_rollup()"),
    dollar_functions=_DOLLAR_FUNCTIONS,
    rollup_function=(
        f"CREATE FUNCTION usage_daily_rollup() RETURNS trigger LANGUAGE plpgsql AS $$ {_ROLLUP_BODY} $$",),
    reserve_and_settle=(_RESERVE, _SETTLE),
)
