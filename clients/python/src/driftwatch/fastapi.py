"""FastAPI integration: request ids to log predictions under, and closing the client at shutdown.

    from driftwatch import Client
    from driftwatch.fastapi import RequestIdMiddleware, close_on_shutdown, request_id

    client = Client("http://driftwatch:8080", token=...)
    app = FastAPI(lifespan=close_on_shutdown(client))
    app.add_middleware(RequestIdMiddleware)

    @app.post("/score")
    def score(application: Application, rid: str = Depends(request_id)) -> Decision:
        ...
        client.log("loans", id=rid, features=application.model_dump(), prediction=label, score=p,
                   latency_ms=elapsed_ms(request))

The request id is what joins a prediction to its label later: the middleware takes it from the
`X-Request-ID` header set by a gateway upstream, or makes one, and returns it in the response's
`X-Request-ID` header so the caller can report the outcome under it.

Needs the `fastapi` extra (`pip install "driftwatch-client[fastapi]"`); the rest of the package
does not import FastAPI.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import uuid
from typing import Any, AsyncIterator, Awaitable, Callable, MutableMapping, Optional, Union

from fastapi import FastAPI, Request

from .aio import AsyncClient
from .client import Client

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_USABLE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
"""An incoming id is kept only if it is a plausible id that the server will accept (≤ 128 chars)."""


class RequestIdMiddleware:
    """ASGI middleware giving every HTTP request an id, in `request.state.request_id` and in the
    response's header.

    Args:
        app: the ASGI application to wrap.
        header: the header carrying the id in both directions.
        trust_incoming: keep an id sent by the caller (when it looks like an id). Set it to False
            when callers are not trusted: a repeated id makes Driftwatch skip the repeat as a
            duplicate.
    """

    def __init__(self, app: ASGIApp, header: str = "X-Request-ID", trust_incoming: bool = True) -> None:
        self.app = app
        self.header = header.lower().encode("latin-1")
        self.trust_incoming = trust_incoming

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = self._incoming(scope) or uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        state["request_started"] = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(name, value) for name, value in message.get("headers", []) if name.lower() != self.header]
                headers.append((self.header, rid.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)

    def _incoming(self, scope: Scope) -> Optional[str]:
        if not self.trust_incoming:
            return None
        for name, value in scope.get("headers", []):
            if name.lower() == self.header:
                text = value.decode("latin-1").strip()
                return text if _USABLE_ID.match(text) else None
        return None


def request_id(request: Request) -> str:
    """FastAPI dependency: the request's id from `RequestIdMiddleware` (a fresh one without it)."""
    rid = getattr(request.state, "request_id", None)
    if not isinstance(rid, str):
        rid = uuid.uuid4().hex
        request.state.request_id = rid
    return rid


def elapsed_ms(request: Request) -> Optional[float]:
    """Milliseconds since `RequestIdMiddleware` received the request: the serving latency to log as
    `latency_ms` (None without the middleware)."""
    started = getattr(request.state, "request_started", None)
    if not isinstance(started, float):
        return None
    return max(0.0, (time.perf_counter() - started) * 1000.0)


def close_on_shutdown(
    client: Union[Client, AsyncClient], timeout: float = 10.0
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    """A `lifespan` for `FastAPI(lifespan=...)` that flushes and closes `client` when the app stops,
    waiting up to `timeout` seconds for queued records. To combine it with a lifespan of your own,
    enter it from yours: `async with close_on_shutdown(client)(app): yield`."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if isinstance(client, AsyncClient):
                await client.aclose(timeout)
            else:  # a threaded client, closed off the event loop
                await asyncio.get_running_loop().run_in_executor(None, client.close, timeout)

    return lifespan
