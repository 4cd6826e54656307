"""`Client`: ship prediction logs and labels to Driftwatch from a serving process."""

from __future__ import annotations

import atexit
import time
import weakref
from typing import Any, Mapping, Optional

from ._encoding import RecordError, Timestamp, check_model, encode_event, encode_label
from ._sender import EVENTS, LABELS, Sender, SenderSettings
from ._transport import Transport

ATEXIT_CLOSE_TIMEOUT = 5.0
"""Seconds the interpreter's exit waits for queued records when `close` was not called."""


class Client:
    """A non-blocking client of Driftwatch's ingestion API.

    `log` and `label` only encode the record and put it on a bounded in-memory queue; they never
    block on the network and never raise because of it. A background thread sends the queue in
    batches per model, when a model has `batch_size` records waiting or its oldest record has
    waited `flush_interval` seconds. Network errors, 5xx and 429 are retried with exponential
    backoff and jitter, honouring `Retry-After`, until the client is closed; event ids make
    resends safe, since the server stores an id once. A 422 naming bad lines drops exactly those
    lines and resends the rest; a 413 splits the batch; any other 4xx drops the batch. Whatever is
    dropped is counted in `stats` and logged once per reason on the `driftwatch` logger.

    Args:
        url: the server's base URL, e.g. `http://127.0.0.1:8080`.
        token: a bearer token with the `ingest` scope, when the server has tokens configured.
        batch_size: records per request at most (the server accepts up to 10 000 by default).
        flush_interval: seconds a record may wait for its batch to fill.
        max_queue: records accepted and not yet acknowledged, at most; beyond it new records are
            dropped and counted in `stats["dropped"]`.
        timeout: seconds for one HTTP request.
        backoff_initial: seconds before the first retry; doubles on each retry.
        backoff_max: the most seconds between two retries.
    """

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        batch_size: int = 500,
        flush_interval: float = 1.0,
        max_queue: int = 100_000,
        timeout: float = 10.0,
        *,
        backoff_initial: float = 0.1,
        backoff_max: float = 10.0,
    ) -> None:
        if batch_size < 1 or max_queue < 1:
            raise ValueError("batch_size and max_queue must be at least 1")
        if flush_interval < 0 or timeout <= 0 or backoff_initial <= 0 or backoff_max < backoff_initial:
            raise ValueError("flush_interval must be >= 0, timeout and backoff_initial > 0, backoff_max >= backoff_initial")
        self.url = url
        settings = SenderSettings(batch_size, flush_interval, max_queue, backoff_initial, backoff_max)
        self._sender = Sender(Transport(url, token, timeout), settings)
        self._closed = False
        # A weak reference, so registering does not keep a forgotten client alive.
        reference = weakref.ref(self)
        self._atexit = lambda: _close_at_exit(reference)
        atexit.register(self._atexit)

    def log(
        self,
        model: str,
        *,
        id: str,
        features: Mapping[str, Any],
        prediction: Any,
        timestamp: Timestamp = None,
        score: Optional[float] = None,
        model_version: Optional[str] = None,
        tags: Optional[Mapping[str, str]] = None,
        shadow: bool = False,
        label: Any = None,
        latency_ms: Optional[float] = None,
    ) -> bool:
        """Queues one prediction of `model`; returns at once.

        Args:
            model: the model's slug, as its reference was uploaded under.
            id: the request's id, unique per model (≤ 128 characters); labels are joined by it.
            features: feature name → number, string, bool or None (missing). NaN counts as missing.
            prediction: the model's output: a class or a number.
            timestamp: when the prediction was made: None (now), a datetime (naive = UTC),
                Unix seconds, or an RFC 3339 string.
            score: the probability of the positive class, for binary models.
            model_version: the version that made the prediction.
            tags: metadata that is not a model input (region, tenant). Sent only when given.
            shadow: the prediction was made but not served. Sent only when true.
            label: the ground truth, when it is already known.
            latency_ms: how long serving took, in milliseconds (finite, >= 0); each window reports
                its percentiles. `driftwatch.fastapi.elapsed_ms(request)` measures it.

        Returns:
            True when queued; False when the record was dropped (queue full, client closed) or
            could not be encoded (counted in `rejected`).
        """
        try:
            check_model(model)
            _, body = encode_event(
                id=id, timestamp=timestamp, features=features, prediction=prediction, score=score,
                model_version=model_version, tags=tags, shadow=shadow, label=label, now=time.time(),
                latency_ms=latency_ms,
            )
        except RecordError as error:
            self._sender.count_rejected(str(error))
            return False
        return self._sender.offer(EVENTS, model, body)

    def label(self, model: str, id: str, label: Any) -> bool:
        """Queues the ground truth of the prediction `id` of `model`; returns at once.

        Labels may arrive before their event: the server keeps them until it does.
        Returns True when queued, False when dropped or not encodable (see `log`).
        """
        try:
            check_model(model)
            _, body = encode_label(id=id, label=label)
        except RecordError as error:
            self._sender.count_rejected(str(error))
            return False
        return self._sender.offer(LABELS, model, body)

    def flush(self, timeout: float = 30.0) -> bool:
        """Sends what is queued now and waits for it.

        Returns True once everything queued before the call is settled: acknowledged by the
        server (or refused by it and counted in `rejected`); False if `timeout` seconds passed.
        """
        return self._sender.flush(timeout)

    def close(self, timeout: float = 30.0) -> bool:
        """Flushes for up to `timeout` seconds, then stops the sender; later records are dropped.

        Records still unsent at the deadline are counted in `dropped`. Returns True when none
        were. Called at interpreter exit (with a 5 s timeout) if not called before. Idempotent.
        """
        if self._closed:
            return True
        self._closed = True
        atexit.unregister(self._atexit)
        return self._sender.close(timeout)

    @property
    def stats(self) -> dict[str, int]:
        """Counters since the client was made: `sent_events` and `sent_labels` (acknowledged by
        the server, duplicates included), `retries` (attempts repeated after a network error, 5xx
        or 429), `rejected` (refused by the server or not encodable), `dropped` (queue full, or
        left unsent at `close`)."""
        return self._sender.stats()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _close_at_exit(reference: weakref.ReferenceType[Client]) -> None:
    client = reference()
    if client is not None:
        client.close(timeout=ATEXIT_CLOSE_TIMEOUT)
