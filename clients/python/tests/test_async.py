"""AsyncClient: the same delivery, awaited without blocking the event loop."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from conftest import MODEL, predictions
from driftwatch import AsyncClient
from server import DriftwatchServer


def test_async_client_delivers_and_keeps_the_loop_free(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]]
) -> None:
    async def main() -> tuple[bool, int, dict[str, int]]:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticking = asyncio.create_task(ticker())
        async with AsyncClient(server.url, batch_size=200, flush_interval=60.0) as client:
            for event in predictions(loan_rows, 700, "async"):
                assert client.log(MODEL, **event)
            client.label(MODEL, "async-3", 1)
            began = time.monotonic()
            flushed = await client.flush(timeout=30.0)
            if time.monotonic() - began < 0.05:
                await asyncio.sleep(0.05)
        ticking.cancel()
        return flushed, ticks, client.stats

    flushed, ticks, stats = asyncio.run(main())
    assert flushed
    assert ticks >= 1, "the event loop ran while flush waited"
    assert stats["sent_events"] == 700 and stats["sent_labels"] == 1
    assert server.counts(MODEL)["events"] == 700
    assert server.counts(MODEL)["labels_matched"] == 1
