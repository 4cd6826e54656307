"""Batching: a batch leaves when it is full or when its oldest record has waited flush_interval."""

from __future__ import annotations

import time
from typing import Any

from conftest import MODEL, predictions
from driftwatch import Client
from server import DriftwatchServer


def wait_for_events(server: DriftwatchServer, count: int, seconds: float) -> int:
    """Polls the model's event count until it reaches `count` or `seconds` pass; the last count."""
    deadline = time.monotonic() + seconds
    seen = server.counts(MODEL)["events"]
    while seen < count and time.monotonic() < deadline:
        time.sleep(0.05)
        seen = server.counts(MODEL)["events"]
    return seen


def test_full_batches_leave_at_once_and_the_rest_waits_for_the_interval(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    client = Client(server.url, batch_size=500, flush_interval=60.0)
    try:
        for event in predictions(loan_rows, 1200, "size"):
            assert client.log(MODEL, **event)
        assert wait_for_events(server, 1000, 20.0) == 1000
        time.sleep(0.5)
        assert server.counts(MODEL)["events"] == 1000, "the last 200 must wait for the interval or a flush"
        assert client.flush(timeout=30.0)
        assert server.counts(MODEL)["events"] == 1200
        assert server.metric("driftwatch_batch_size_events_count") == 3  # 500 + 500 + 200
        assert server.metric("driftwatch_batch_size_events_sum") == 1200
        assert client.stats == {"sent_events": 1200, "sent_labels": 0, "retries": 0, "rejected": 0, "dropped": 0}
    finally:
        client.close()


def test_a_partial_batch_leaves_after_the_interval_without_flush(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    client = Client(server.url, batch_size=1000, flush_interval=0.3)
    try:
        for event in predictions(loan_rows, 10, "interval"):
            client.log(MODEL, **event)
        assert wait_for_events(server, 10, 10.0) == 10
        assert server.metric("driftwatch_batch_size_events_count") == 1
    finally:
        client.close()


def test_events_and_labels_of_each_model_travel_in_their_own_batches(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    server.upload_reference("loans-eu")
    client = Client(server.url, batch_size=100, flush_interval=60.0)
    try:
        for event in predictions(loan_rows, 150, "a"):
            client.log(MODEL, **event)
            client.log("loans-eu", **event)
        for n in range(0, 150, 2):
            client.label(MODEL, f"a-{n}", n % 3 == 0)
        assert client.flush(timeout=30.0)
        assert server.counts(MODEL) == {"events": 150, "labels": 75, "labels_matched": 75, "labels_unmatched": 0}
        assert server.counts("loans-eu")["events"] == 150
        assert client.stats["sent_events"] == 300
        assert client.stats["sent_labels"] == 75
    finally:
        client.close()
