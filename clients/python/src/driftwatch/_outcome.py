"""What to do with a batch after one attempt to send it: pure functions of the server's answer.

The server answers (API.md, "HTTP"): 202 when the batch is durable; 422 with
`{"error": {"code", "message", "details": [{"index", "field", "reason"}]}}` naming each bad line of
an otherwise refused batch (atomic: nothing was stored); 413 when it is too large; other 4xx for
requests that will never succeed as they are; 5xx and 429 for trouble that may pass.
"""

from __future__ import annotations

import email.utils
import json
import random
from dataclasses import dataclass, field
from typing import Mapping, Optional

ACCEPTED = "accepted"
RETRY = "retry"
DROP_LINES = "drop_lines"
SPLIT = "split"
DROP_BATCH = "drop_batch"


@dataclass(frozen=True)
class Outcome:
    """The decision for one attempt: `kind` is one of the module's constants."""

    kind: str
    reason: str = ""
    bad_lines: Mapping[int, str] = field(default_factory=dict)
    """For `DROP_LINES`: 0-based index in the batch → the reason the server gave."""
    retry_after: Optional[float] = None
    """Seconds the server asked to wait (`Retry-After`), if it did."""


def network_error(error: BaseException) -> Outcome:
    """No answer at all: connection refused or reset, timeout. Resending is safe (ids deduplicate)."""
    return Outcome(RETRY, reason=f"{type(error).__name__}: {error}")


def classify(status: int, headers: Mapping[str, str], body: bytes, count: int, now: float) -> Outcome:
    """The decision for an HTTP answer to a batch of `count` records, as of `now` (Unix seconds)."""
    if 200 <= status < 300:
        return Outcome(ACCEPTED)
    code, message, details = _error_body(body)
    reason = f"HTTP {status}" + (f" {code}" if code else "") + (f": {message}" if message else "")
    if status == 429 or status >= 500:
        return Outcome(RETRY, reason=reason, retry_after=retry_after(headers.get("retry-after"), now))
    if status == 413:
        return Outcome(SPLIT, reason=reason)
    if status == 422:
        bad = _bad_lines(details, count)
        if bad:
            return Outcome(DROP_LINES, reason=reason, bad_lines=bad)
    return Outcome(DROP_BATCH, reason=reason)


def _error_body(body: bytes) -> tuple[str, str, list[object]]:
    try:
        error = json.loads(body.decode("utf-8"))["error"]
        details = error.get("details") or []
        return str(error.get("code") or ""), str(error.get("message") or ""), list(details)
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", "", []


def _bad_lines(details: list[object], count: int) -> dict[int, str]:
    """Index → reason for every detail naming a line inside the batch."""
    bad: dict[int, str] = {}
    for detail in details:
        if not isinstance(detail, dict):
            continue
        index = detail.get("index")
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < count and index not in bad:
            field_name = detail.get("field")
            reason = str(detail.get("reason") or "")
            bad[index] = f"{field_name}: {reason}" if field_name else reason
    return bad


def retry_after(value: Optional[str], now: float) -> Optional[float]:
    """Seconds to wait from a `Retry-After` header (delay-seconds or an HTTP date, RFC 9110 §10.2.3)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - now)


def backoff(attempt: int, initial: float, maximum: float, rng: random.Random) -> float:
    """The wait before retry number `attempt` (1, 2, …): `initial`·2^(attempt−1) capped at `maximum`,
    scaled by a uniform factor in [0.5, 1] ("equal jitter") so clients that failed together do not
    come back together."""
    exponent = min(attempt - 1, 62)
    ceiling = min(maximum, initial * (2.0**exponent))
    return ceiling * (0.5 + 0.5 * rng.random())
