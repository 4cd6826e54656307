"""One keep-alive HTTP connection to the server, used by the sender thread only."""

from __future__ import annotations

import http.client
import ssl
from typing import Optional
from urllib.parse import quote, urlsplit

from ._version import __version__

NETWORK_ERRORS = (OSError, http.client.HTTPException)
"""What a request raises when no answer arrived (refused, reset, timeout, garbled)."""


class Response:
    """A status, the headers (lower-cased names) and the body."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body


class Transport:
    """POSTs JSON to `url` (http or https) with an optional bearer token.

    Not thread-safe: one sender thread owns it. A request on a connection the server has closed
    while it sat idle is retried once on a fresh connection, so idle timeouts are not counted as
    outages; every other failure raises one of `NETWORK_ERRORS`.
    """

    def __init__(self, url: str, token: Optional[str], timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"url must be http(s)://host[:port], not {url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._connection: Optional[http.client.HTTPConnection] = None
        self._headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"driftwatch-client-python/{__version__}",
        }
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    def path(self, model: str, kind: str) -> str:
        """`/v1/models/{model}/events` or `…/labels` under the URL's path."""
        return f"{self._prefix}/v1/models/{quote(model, safe='')}/{kind}"

    def post(self, path: str, body: bytes) -> Response:
        """Sends one request and reads the whole answer."""
        reused = self._connection is not None
        try:
            return self._exchange(path, body)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            return self._exchange(path, body)
        except NETWORK_ERRORS:
            self.close()
            raise

    def _exchange(self, path: str, body: bytes) -> Response:
        connection = self._connect()
        connection.request("POST", path, body=body, headers=self._headers)
        answer = connection.getresponse()
        data = answer.read()
        headers = {name.lower(): value for name, value in answer.getheaders()}
        if answer.will_close:
            self.close()
        return Response(answer.status, headers, data)

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self._https:
                self._connection = http.client.HTTPSConnection(
                    self._host, self._port, timeout=self._timeout, context=ssl.create_default_context()
                )
            else:
                self._connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        return self._connection

    def forget_connection(self) -> None:
        """Drops the connection without closing it: in a forked child, the socket is the parent's."""
        self._connection = None

    def close(self) -> None:
        """Closes the connection; the next request opens a new one."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
