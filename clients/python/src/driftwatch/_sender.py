"""The bounded queue and the background thread that batches and delivers it.

Records wait in one lane per (kind, model), kind being `events` or `labels`. A lane is sent when it
holds `batch_size` records or its oldest record has waited `flush_interval`, whichever comes first;
when several are due, the one holding the oldest record goes first. One thread sends, one batch at a
time, so a Driftwatch outage costs one connection, not one per model.

`max_queue` bounds the records accepted and not yet settled (waiting or in flight), so memory stays
bounded however long Driftwatch is away; beyond it new records are dropped and counted. A record is
settled when the server acknowledged it (`sent_*`), refused it (`rejected`), or it was dropped.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import _outcome as outcome
from ._encoding import batch_body
from ._transport import NETWORK_ERRORS, Transport

logger = logging.getLogger("driftwatch")

EVENTS = "events"
LABELS = "labels"


@dataclass
class _Record:
    seq: int
    body: bytes
    queued_at: float


@dataclass
class _Lane:
    kind: str
    model: str
    waiting: deque[_Record] = field(default_factory=deque)
    in_flight: list[_Record] = field(default_factory=list)

    def oldest_seq(self) -> Optional[int]:
        seqs = [records[0].seq for records in (self.in_flight, self.waiting) if records]
        return min(seqs) if seqs else None


@dataclass(frozen=True)
class SenderSettings:
    """The knobs of `Sender`; times in seconds."""

    batch_size: int
    flush_interval: float
    max_queue: int
    backoff_initial: float
    backoff_max: float


class Sender:
    """Accepts encoded records without blocking and delivers them from a daemon thread."""

    def __init__(
        self,
        transport: Transport,
        settings: SenderSettings,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rng: Optional[random.Random] = None,
    ) -> None:
        self._transport = transport
        self._settings = settings
        self._clock = clock
        self._wall_clock = wall_clock
        self._rng = rng or random.Random()
        self._cond = threading.Condition()
        self._lanes: dict[tuple[str, str], _Lane] = {}
        self._unsettled = 0
        self._next_seq = 0
        self._urgent_through = -1  # records with seq <= this are sent without waiting for the interval
        self._closing = False
        self._aborted = False
        self._wake = threading.Event()  # interrupts a backoff sleep when the sender is aborted
        self._stats = {"sent_events": 0, "sent_labels": 0, "retries": 0, "rejected": 0, "dropped": 0}
        self._warned: set[str] = set()
        self._thread = threading.Thread(target=self._run, name="driftwatch-sender", daemon=True)
        self._thread.start()
        if hasattr(os, "register_at_fork"):
            reference = weakref.ref(self)
            os.register_at_fork(after_in_child=lambda: _restart_in_child(reference))

    def _after_fork_in_child(self) -> None:
        """A forked child (a pre-forking server's worker) has a copy of the queue but no sender
        thread: it starts empty, with its own lock, connection and thread. The parent's records
        stay the parent's to send."""
        self._cond = threading.Condition()
        self._lanes = {}
        self._unsettled = 0
        self._urgent_through = self._next_seq - 1
        self._wake = threading.Event()
        self._stats = dict.fromkeys(self._stats, 0)
        self._transport.forget_connection()
        if not self._closing:
            self._thread = threading.Thread(target=self._run, name="driftwatch-sender", daemon=True)
            self._thread.start()

    # The caller's side: never blocks beyond a short lock.

    def offer(self, kind: str, model: str, body: bytes) -> bool:
        """Queues one record; False (and counted in `dropped`) when the queue is full or closed."""
        with self._cond:
            if self._closing or self._unsettled >= self._settings.max_queue:
                self._stats["dropped"] += 1
                why = "the client is closed" if self._closing else f"the queue is full ({self._settings.max_queue})"
                self._warn_once(f"dropped:{self._closing}", f"driftwatch: dropping records because {why}")
                return False
            lane = self._lanes.get((kind, model))
            if lane is None:
                lane = self._lanes[(kind, model)] = _Lane(kind, model)
            lane.waiting.append(_Record(self._next_seq, body, self._clock()))
            self._next_seq += 1
            self._unsettled += 1
            if len(lane.waiting) == 1 or len(lane.waiting) == self._settings.batch_size:
                self._cond.notify_all()
            return True

    def count_rejected(self, reason: str) -> None:
        """Counts a record refused before it was queued (it could not be encoded)."""
        with self._cond:
            self._stats["rejected"] += 1
        self._warn_once(f"local:{reason}", f"driftwatch: record not sent: {reason}")

    def stats(self) -> dict[str, int]:
        """A copy of the counters."""
        with self._cond:
            return dict(self._stats)

    def flush(self, timeout: float) -> bool:
        """Sends everything queued so far now; True once all of it is settled, False on timeout."""
        deadline = self._clock() + max(0.0, timeout)
        with self._cond:
            target = self._next_seq - 1
            self._urgent_through = max(self._urgent_through, target)
            self._cond.notify_all()
            while not self._settled_through(target):
                remaining = deadline - self._clock()
                if remaining <= 0 or not self._thread.is_alive():
                    return self._settled_through(target)
                self._cond.wait(remaining)
            return True

    def close(self, timeout: float) -> bool:
        """Refuses new records, delivers the queued ones for up to `timeout` seconds, then stops.

        Records still unsettled at the deadline are dropped and counted. True when none were.
        """
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        delivered = self.flush(timeout)
        with self._cond:
            self._aborted = True
            self._wake.set()
            for lane in self._lanes.values():
                self._settle(len(lane.waiting), "dropped")
                lane.waiting.clear()
            self._cond.notify_all()
        self._thread.join(timeout=1.0)  # a request in progress may outlive this; the thread is a daemon
        return delivered

    # The sender thread.

    def _settled_through(self, seq: int) -> bool:
        oldest = [s for s in (lane.oldest_seq() for lane in self._lanes.values()) if s is not None]
        return not oldest or min(oldest) > seq

    def _settle(self, count: int, counter: str) -> None:
        """Marks `count` records settled under `counter` (the lock is held)."""
        if count:
            self._stats[counter] += count
            self._unsettled -= count
            self._cond.notify_all()

    def _next_batch(self) -> Optional[_Lane]:
        """Waits for a due lane and moves its next batch in flight; None when the sender should stop."""
        with self._cond:
            while True:
                if self._aborted:
                    return None
                now = self._clock()
                due: list[_Lane] = []
                wake_at: Optional[float] = None
                for lane in self._lanes.values():
                    if not lane.waiting:
                        continue
                    first = lane.waiting[0]
                    ready_at = first.queued_at + self._settings.flush_interval
                    if (
                        self._closing
                        or first.seq <= self._urgent_through
                        or len(lane.waiting) >= self._settings.batch_size
                        or ready_at <= now
                    ):
                        due.append(lane)
                    else:
                        wake_at = ready_at if wake_at is None else min(wake_at, ready_at)
                if due:
                    lane = min(due, key=lambda candidate: candidate.waiting[0].seq)
                    count = min(self._settings.batch_size, len(lane.waiting))
                    lane.in_flight = [lane.waiting.popleft() for _ in range(count)]
                    return lane
                self._cond.wait(None if wake_at is None else max(0.0, wake_at - now))

    def _run(self) -> None:
        try:
            while True:
                lane = self._next_batch()
                if lane is None:
                    return
                try:
                    self._deliver(lane)
                finally:
                    with self._cond:
                        self._settle(len(lane.in_flight), "dropped")
                        lane.in_flight = []
                        self._cond.notify_all()
        except Exception:  # the serving process must not see this thread's failure, only the log
            logger.exception("driftwatch: the sender thread stopped; records are no longer sent")
        finally:
            self._transport.close()

    def _deliver(self, lane: _Lane) -> None:
        """Sends `lane.in_flight` until every record of it is settled or the sender is aborted.

        Settled records leave `lane.in_flight` as they settle, so what remains there is exactly
        what is still owed.
        """
        path = self._transport.path(lane.model, lane.kind)
        sent_counter = "sent_events" if lane.kind == EVENTS else "sent_labels"
        chunks: deque[int] = deque([len(lane.in_flight)])  # sizes of the batches left, front first
        attempt = 0
        while chunks and not self._aborted:
            size = chunks[0]
            records = lane.in_flight[:size]
            try:
                answer = self._transport.post(path, batch_body([record.body for record in records]))
                decision = outcome.classify(answer.status, answer.headers, answer.body, size, self._wall_clock())
            except NETWORK_ERRORS as error:
                decision = outcome.network_error(error)

            if decision.kind == outcome.RETRY:
                attempt += 1
                delay = outcome.backoff(attempt, self._settings.backoff_initial, self._settings.backoff_max, self._rng)
                if decision.retry_after is not None:
                    delay = max(delay, min(decision.retry_after, 10 * self._settings.backoff_max))
                with self._cond:
                    self._stats["retries"] += 1
                if attempt == 1:
                    logger.warning("driftwatch: %s %s: %s; retrying", lane.kind, lane.model, decision.reason)
                self._wake.wait(delay)
                continue
            if attempt:
                logger.info("driftwatch: %s %s delivered after %d retries", lane.kind, lane.model, attempt)
                attempt = 0

            with self._cond:
                if decision.kind == outcome.ACCEPTED:
                    chunks.popleft()
                    del lane.in_flight[:size]
                    self._settle(size, sent_counter)
                elif decision.kind == outcome.DROP_LINES:
                    bad = decision.bad_lines
                    lane.in_flight[:size] = [record for index, record in enumerate(records) if index not in bad]
                    chunks[0] = size - len(bad)
                    if chunks[0] == 0:
                        chunks.popleft()
                    self._settle(len(bad), "rejected")
                    first = min(bad)
                    self._warn_once(
                        f"{lane.kind}:{decision.reason}:{bad[first]}",
                        f"driftwatch: {lane.model} {lane.kind}: {len(bad)} of {size} records rejected "
                        f"({decision.reason}; e.g. [{first}] {bad[first]}); sending the rest",
                    )
                elif decision.kind == outcome.SPLIT and size > 1:
                    chunks.popleft()
                    chunks.appendleft(size - size // 2)
                    chunks.appendleft(size // 2)
                else:
                    chunks.popleft()
                    del lane.in_flight[:size]
                    self._settle(size, "rejected")
                    self._warn_once(
                        f"{lane.kind}:{decision.reason}",
                        f"driftwatch: {lane.model} {lane.kind}: batch of {size} rejected: {decision.reason}",
                    )

    def _warn_once(self, key: str, message: str) -> None:
        """Logs `message` at WARNING the first time `key` is seen, at DEBUG after that."""
        with self._cond:
            first = key not in self._warned
            self._warned.add(key)
        logger.log(logging.WARNING if first else logging.DEBUG, message)


def _restart_in_child(reference: weakref.ReferenceType[Sender]) -> None:
    sender = reference()
    if sender is not None:
        sender._after_fork_in_child()
