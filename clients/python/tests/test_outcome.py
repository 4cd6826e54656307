"""The decision after one attempt, from recorded server answers (the shapes of APIError.swift)."""

from __future__ import annotations

import random

from driftwatch import _outcome as outcome

NOW = 1_790_000_000.0


def test_a_422_names_its_bad_lines_and_ignores_indices_outside_the_batch() -> None:
    body = (
        b'{"error":{"code":"invalid_event","details":['
        b'{"field":"score","index":1,"reason":"score must be a probability"},'
        b'{"field":"features.age","index":1,"reason":"numeric"},'
        b'{"field":"id","index":9,"reason":"outside"},{"index":true,"reason":"not an index"}],'
        b'"message":"2 of 3 events are invalid"}}'
    )
    decision = outcome.classify(422, {}, body, 3, NOW)
    assert decision.kind == outcome.DROP_LINES
    assert dict(decision.bad_lines) == {1: "score: score must be a probability"}


def test_a_422_without_usable_details_drops_the_batch() -> None:
    assert outcome.classify(422, {}, b'{"error":{"code":"x","message":"m"}}', 3, NOW).kind == outcome.DROP_BATCH
    assert outcome.classify(422, {}, b"not json", 3, NOW).kind == outcome.DROP_BATCH


def test_statuses_map_to_their_decisions() -> None:
    assert outcome.classify(202, {}, b'{"accepted":3,"duplicates":0}', 3, NOW).kind == outcome.ACCEPTED
    for status in (500, 502, 503, 429):
        assert outcome.classify(status, {}, b"", 3, NOW).kind == outcome.RETRY
    assert outcome.classify(413, {}, b"", 3, NOW).kind == outcome.SPLIT
    for status in (400, 401, 403, 404, 415):
        assert outcome.classify(status, {}, b"{}", 3, NOW).kind == outcome.DROP_BATCH


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert outcome.classify(503, {"retry-after": "7"}, b"", 1, NOW).retry_after == 7.0
    assert outcome.retry_after("Wed, 21 Oct 2026 07:28:00 GMT", 1_792_567_670.0) == 10.0
    assert outcome.retry_after("Wed, 21 Oct 2026 07:28:00 GMT", 1_792_567_700.0) == 0.0
    assert outcome.retry_after("soon", NOW) is None
    assert outcome.retry_after(None, NOW) is None


def test_backoff_doubles_up_to_the_cap_with_jitter_in_its_upper_half() -> None:
    rng = random.Random(7)
    for attempt, ceiling in [(1, 0.1), (2, 0.2), (3, 0.4), (4, 0.8), (5, 1.0), (60, 1.0), (500, 1.0)]:
        delays = [outcome.backoff(attempt, 0.1, 1.0, rng) for _ in range(200)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert max(delays) - min(delays) > ceiling / 4, "jittered, not constant"
