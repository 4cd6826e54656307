"""Delivery through a crash: 20 000 predictions while the server is SIGKILLed and restarted on the
same port and store. Every valid event is stored exactly once; invalid ones are counted, not sent."""

from __future__ import annotations

import random
import time
from typing import Any

from conftest import MODEL, predictions
from driftwatch import Client
from server import DriftwatchServer

VALID = 20_000
INVALID_EVERY = 100  # one invalid event (score 1.5) after every 100 valid ones


def test_20k_predictions_through_a_sigkill_are_stored_exactly_once(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    client = Client(server.url, batch_size=500, flush_interval=0.2, backoff_initial=0.05, backoff_max=1.0)
    events = list(predictions(loan_rows, VALID, "crash"))
    invalid = 0

    def log_range(start: int, stop: int) -> None:
        nonlocal invalid
        for n in range(start, stop):
            assert client.log(MODEL, **events[n])
            if n % INVALID_EVERY == INVALID_EVERY - 1:
                assert client.log(MODEL, **{**events[n], "id": f"invalid-{n}", "score": 1.5})
                invalid += 1

    began = time.monotonic()
    log_range(0, VALID // 2)
    # Kill at a random moment once deliveries are flowing, so that it sometimes lands inside a request:
    # after the commit and before the answer, the resend is answered as duplicates.
    deadline = time.monotonic() + 60
    while client.stats["sent_events"] < 2_000 and time.monotonic() < deadline:
        time.sleep(0.001)
    delay = random.uniform(0.0, 0.1)
    time.sleep(delay)
    server.kill()
    killed_at = time.monotonic()
    stored_before_kill = len(server.stored_event_ids(MODEL))
    log_range(VALID // 2, VALID)  # logged while the server is down: queued, never blocking
    logging_while_down = time.monotonic() - killed_at
    time.sleep(1.0)
    server.start()
    assert client.flush(timeout=180.0), f"not delivered: {client.stats}"
    elapsed = time.monotonic() - began
    duplicates_answered = server.metric("driftwatch_events_total", model=MODEL, outcome="duplicate")
    stats = client.stats
    client.close()
    counted = server.counts(MODEL)["events"]
    server.stop()
    ids = server.stored_event_ids(MODEL)

    print(
        f"\n20k through SIGKILL: stored {len(ids)} rows, {len(set(ids))} distinct ids "
        f"({stored_before_kill} stored before the kill {delay * 1000:.0f} ms after 2000 acknowledged), {duplicates_answered:.0f} resent events answered as "
        f"duplicates, {stats['retries']} retries, {stats['rejected']} rejected, {stats['dropped']} dropped, "
        f"{logging_while_down * 1000:.0f} ms to log {VALID // 2} while down, {elapsed:.1f} s in all"
    )
    assert 0 < stored_before_kill < VALID, "the kill must land while events are being delivered"
    assert counted == VALID
    assert len(ids) == VALID and set(ids) == {event["id"] for event in events}, "every valid event, once"
    assert stats["sent_events"] == VALID
    assert stats["rejected"] == invalid == VALID // INVALID_EVERY
    assert stats["dropped"] == 0
    assert stats["retries"] >= 1
