"""The bounded queue, flush and close: the caller is never blocked, whatever the server does."""

from __future__ import annotations

import time
from typing import Any

from conftest import MODEL, predictions
from driftwatch import Client
from server import DriftwatchServer


def test_a_full_queue_drops_and_counts_new_records_and_keeps_the_rest(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    server.kill()
    client = Client(server.url, batch_size=40, flush_interval=0.05, max_queue=100, backoff_initial=0.05,
                    backoff_max=0.5)
    began = time.monotonic()
    accepted = [client.log(MODEL, **event) for event in predictions(loan_rows, 1000, "overflow")]
    logging_took = time.monotonic() - began
    assert accepted == [True] * 100 + [False] * 900
    assert client.stats["dropped"] == 900
    assert logging_took < 2.0, "logging must not wait for the server"
    assert client.flush(timeout=0.3) is False, "nothing can be acknowledged while the server is down"
    server.start()
    assert client.flush(timeout=60.0)
    client.close()
    assert server.counts(MODEL)["events"] == 100
    assert set(server_ids(server)) == {f"overflow-{n}" for n in range(100)}
    assert client.stats["sent_events"] == 100
    assert client.stats["retries"] >= 1


def server_ids(server: DriftwatchServer) -> list[str]:
    server.stop()
    return server.stored_event_ids(MODEL)


def test_flush_waits_for_what_was_queued_and_returns_true_on_an_empty_queue(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    client = Client(server.url, batch_size=1000, flush_interval=60.0)
    assert client.flush(timeout=1.0)
    for event in predictions(loan_rows, 250, "flush"):
        client.log(MODEL, **event)
    assert server.counts(MODEL)["events"] == 0
    assert client.flush(timeout=30.0)
    assert server.counts(MODEL)["events"] == 250
    client.close()


def test_close_delivers_the_queue_and_refuses_later_records(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    with Client(server.url, batch_size=1000, flush_interval=60.0) as client:
        for event in predictions(loan_rows, 50, "close"):
            client.log(MODEL, **event)
    assert server.counts(MODEL)["events"] == 50
    assert client.close() is True, "a second close is a no-op"
    assert client.log(MODEL, id="late", features={"age": 1}, prediction=0) is False
    assert client.stats["dropped"] == 1
    assert client.stats["sent_events"] == 50


def test_close_gives_up_at_its_timeout_and_counts_what_it_dropped(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    server.kill()
    client = Client(server.url, batch_size=10, flush_interval=0.01, backoff_initial=0.05, backoff_max=0.2)
    for event in predictions(loan_rows, 35, "abandoned"):
        client.log(MODEL, **event)
    began = time.monotonic()
    assert client.close(timeout=0.5) is False
    assert time.monotonic() - began < 3.0
    assert client.stats["dropped"] == 35
    assert client.stats["sent_events"] == 0
