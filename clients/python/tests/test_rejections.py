"""Refusals: a 422 drops exactly the lines it names and the rest is stored; other 4xx drop the
batch; records that cannot be encoded never leave the process. All counted in `rejected`."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest

from conftest import MODEL, predictions
from driftwatch import Client
from server import DriftwatchServer


def test_a_422_drops_the_named_lines_and_stores_the_rest(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(server.url, batch_size=100, flush_interval=60.0)
    events = list(predictions(loan_rows, 100, "mixed"))
    bad: dict[int, dict[str, Any]] = {
        7: {"score": 1.5},  # outside [0, 1]
        40: {"features": {**events[40]["features"], "age": "forty"}},  # a string for a numeric feature
        41: {"timestamp": dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)},  # too far ahead
        99: {"score": -0.1},
    }
    with caplog.at_level(logging.WARNING, logger="driftwatch"):
        for index, event in enumerate(events):
            assert client.log(MODEL, **{**event, **bad.get(index, {})})
        assert client.flush(timeout=30.0)
    client.close()

    assert server.counts(MODEL)["events"] == 96
    assert client.stats["sent_events"] == 96
    assert client.stats["rejected"] == 4
    assert client.stats["retries"] == 0
    rejection_logs = [r for r in caplog.records if "rejected" in r.getMessage()]
    assert rejection_logs, "a rejection is logged with its reason"
    assert any("score" in r.getMessage() or "timestamp" in r.getMessage() or "age" in r.getMessage()
               for r in rejection_logs)


def test_a_batch_of_only_bad_lines_is_dropped_entirely(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    client = Client(server.url, batch_size=10, flush_interval=60.0)
    for event in predictions(loan_rows, 10, "allbad"):
        client.log(MODEL, **{**event, "score": 2.0})
    assert client.flush(timeout=30.0)
    client.close()
    assert server.counts(MODEL)["events"] == 0
    assert client.stats["rejected"] == 10
    assert client.stats["sent_events"] == 0


def test_another_4xx_drops_the_whole_batch(server: DriftwatchServer, loan_rows: list[dict[str, Any]]) -> None:
    # No reference was uploaded for this model: 404 unknown_model, which no resend can fix.
    client = Client(server.url, batch_size=50, flush_interval=60.0)
    for event in predictions(loan_rows, 20, "orphan"):
        client.log("no-such-model", **event)
        client.log(MODEL, **event)
    assert client.flush(timeout=30.0)
    client.close()
    assert client.stats["rejected"] == 20
    assert client.stats["sent_events"] == 20
    assert server.counts(MODEL)["events"] == 20


def test_records_that_cannot_be_encoded_are_refused_without_raising(server: DriftwatchServer) -> None:
    client = Client(server.url, flush_interval=60.0)
    features = {"age": 30, "income": 1.0}
    assert client.log(MODEL, id="nan-score", features=features, prediction=1, score=float("nan")) is False
    assert client.log(MODEL, id="", features=features, prediction=1) is False
    assert client.log("Not A Slug/..", id="x", features=features, prediction=1) is False
    assert client.log(MODEL, id="obj", features={"age": object()}, prediction=1) is False
    assert client.label(MODEL, "x", None) is False
    # NaN in a feature means missing, as in pandas: sent as null and stored.
    assert client.log(MODEL, id="nan-feature", features={"age": float("nan")}, prediction=0)
    assert client.flush(timeout=30.0)
    client.close()
    assert client.stats["rejected"] == 5
    assert client.stats["sent_events"] == 1
    assert server.counts(MODEL)["events"] == 1


def test_a_413_splits_the_batch_until_the_server_takes_it(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    # The server takes at most limits.max_batch_size (10 000) events per request.
    client = Client(server.url, batch_size=12_000, flush_interval=60.0)
    for event in predictions(loan_rows, 12_000, "big"):
        client.log(MODEL, **event)
    assert client.flush(timeout=120.0)
    client.close()
    assert client.stats["sent_events"] == 12_000
    assert client.stats["rejected"] == 0
    assert server.counts(MODEL)["events"] == 12_000
    assert server.metric("driftwatch_http_requests_total", status="413") == 1
