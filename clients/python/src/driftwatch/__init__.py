"""Driftwatch's Python client: ship prediction logs and labels from a serving system.

    from driftwatch import Client
    client = Client("http://127.0.0.1:8080")
    client.log("loans", id="req-1", features={"age": 41}, prediction=1, score=0.91)
    client.label("loans", "req-1", 1)
    client.flush()

`driftwatch.fastapi` holds the FastAPI integration (install the `fastapi` extra).
"""

from ._version import __version__
from .aio import AsyncClient
from .client import Client

__all__ = ["AsyncClient", "Client", "__version__"]
