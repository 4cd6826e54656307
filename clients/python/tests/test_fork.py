"""A pre-forking server (gunicorn --preload) forks workers after the client is made: each worker
sends its own records with its own sender thread; the parent's stay the parent's."""

from __future__ import annotations

import os
from typing import Any

import pytest

from conftest import MODEL, predictions
from driftwatch import Client
from server import DriftwatchServer


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_sends_its_own_records(server: DriftwatchServer, loan_rows: list[dict[str, Any]]) -> None:
    client = Client(server.url, batch_size=1000, flush_interval=60.0)
    for event in predictions(loan_rows, 10, "parent"):
        client.log(MODEL, **event)
    pid = os.fork()
    if pid == 0:  # the child: report through the exit status only
        code = 1
        try:
            for event in predictions(loan_rows, 20, "child"):
                client.log(MODEL, **event)
            delivered = client.flush(timeout=30.0)
            code = 0 if delivered and client.stats["sent_events"] == 20 else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert client.flush(timeout=30.0)
    assert client.stats["sent_events"] == 10
    client.close()
    assert server.counts(MODEL)["events"] == 30
