"""examples/fastapi through FastAPI's TestClient, logging to the real server."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from conftest import MODEL
from server import REPO_ROOT, DriftwatchServer

pytest.importorskip("fastapi")
pytest.importorskip("httpx")  # the TestClient's transport

from fastapi.testclient import TestClient  # noqa: E402

EXAMPLE = REPO_ROOT / "examples" / "fastapi" / "app.py"


def load_example(monkeypatch: pytest.MonkeyPatch, url: str) -> ModuleType:
    """Imports the example as a user would run it, with DRIFTWATCH_URL pointing at `url`."""
    monkeypatch.setenv("DRIFTWATCH_URL", url)
    monkeypatch.delenv("DRIFTWATCH_TOKEN", raising=False)
    spec = importlib.util.spec_from_file_location("loan_scoring_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # pydantic resolves the annotations through it
    spec.loader.exec_module(module)
    return module


def test_every_prediction_is_logged_under_its_request_id_and_labels_join_it(
    server: DriftwatchServer, loan_rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    example = load_example(monkeypatch, server.url)
    request_ids = []
    with TestClient(example.app) as http:
        for n, row in enumerate(loan_rows[:30]):
            headers = {"X-Request-ID": f"gateway-{n}"} if n % 2 else {}
            answer = http.post("/score", json=row["features"], headers=headers)
            assert answer.status_code == 200, answer.text
            decision = answer.json()
            assert answer.headers["x-request-id"] == decision["request_id"]
            if n % 2:
                assert decision["request_id"] == f"gateway-{n}"
            assert 0.0 <= decision["default_probability"] <= 1.0
            request_ids.append(decision["request_id"])
        for rid in request_ids[:12]:
            answer = http.post(f"/outcomes/{rid}", json={"defaulted": rid.endswith("1")})
            assert answer.status_code == 202
        assert http.post("/score", json={"age": 5}).status_code == 422  # invalid input is not logged
    # Leaving the TestClient ran the app's shutdown, which flushed and closed the client.
    assert len(set(request_ids)) == 30
    assert server.counts(MODEL) == {"events": 30, "labels": 12, "labels_matched": 12, "labels_unmatched": 0}
    assert example.client.stats == {"sent_events": 30, "sent_labels": 12, "retries": 0, "rejected": 0, "dropped": 0}
    server.stop()
    assert set(server.stored_event_ids(MODEL)) == set(request_ids)
    latencies = server.stored_latencies(MODEL)
    assert len(latencies) == 30 and all(value is not None and value >= 0 for value in latencies), latencies
