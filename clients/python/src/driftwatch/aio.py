"""`AsyncClient`: the client for asyncio applications."""

from __future__ import annotations

import asyncio
from typing import Any, Mapping, Optional

from ._encoding import Timestamp
from .client import Client


class AsyncClient:
    """The `Client` for asyncio code: the same queue and background sender thread, with `flush`
    and `close` awaitable so they never block the event loop.

    `log` and `label` stay plain methods: they only encode and enqueue under a short lock, so
    calling them from a coroutine is as cheap as from a thread, and they cannot be forgotten
    without an `await`. Use it as `async with AsyncClient(url) as client: ...`, or call
    `await client.aclose()` at shutdown. The arguments are `Client`'s.
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
        self._client = Client(
            url, token, batch_size, flush_interval, max_queue, timeout,
            backoff_initial=backoff_initial, backoff_max=backoff_max,
        )

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
        """Queues one prediction without blocking; see `Client.log`."""
        return self._client.log(
            model, id=id, features=features, prediction=prediction, timestamp=timestamp, score=score,
            model_version=model_version, tags=tags, shadow=shadow, label=label, latency_ms=latency_ms,
        )

    def label(self, model: str, id: str, label: Any) -> bool:
        """Queues a label without blocking; see `Client.label`."""
        return self._client.label(model, id, label)

    async def flush(self, timeout: float = 30.0) -> bool:
        """Waits, off the event loop, until everything queued before the call is settled."""
        return await asyncio.get_running_loop().run_in_executor(None, self._client.flush, timeout)

    async def aclose(self, timeout: float = 30.0) -> bool:
        """Flushes for up to `timeout` seconds and stops the sender, off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(None, self._client.close, timeout)

    @property
    def stats(self) -> dict[str, int]:
        """The counters of `Client.stats`."""
        return self._client.stats

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
