"""Hook event names: one home. core/hooks.py and the runner fire them; `huntaze hooks` lists and validates
them (light: --help imports it)."""

from __future__ import annotations

QUOTA_THRESHOLD = "quota.threshold"
QUOTA_EXCEEDED = "quota.exceeded"
RATE_LIMITED = "rate.limited"
BREAKER_OPENED = "breaker.opened"
REQUEST_FAILED = "request.failed"      # the whole provider chain failed
PROVIDER_FAILED = "provider.failed"    # one link failed, a later one answered
REPORT_READY = "report.ready"          # `huntaze report` wrote a file: its path, for a mail or upload script

EVENTS: tuple[str, ...] = (QUOTA_THRESHOLD, QUOTA_EXCEEDED, RATE_LIMITED, BREAKER_OPENED, REQUEST_FAILED,
                           PROVIDER_FAILED, REPORT_READY)
