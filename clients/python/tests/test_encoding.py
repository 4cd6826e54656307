"""The JSON of one record: only members today's server accepts, times as RFC 3339 UTC."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from driftwatch._encoding import RecordError, encode_event, encode_label, rfc3339

NOW = 1_790_000_000.25  # 2026-09-21T14:13:20.250Z


def event(**changes: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = dict(
        id="r1", timestamp=None, features={"age": 41}, prediction=1, score=None, model_version=None, tags=None,
        shadow=False, label=None, now=NOW,
    )
    arguments.update(changes)
    decoded: dict[str, Any] = json.loads(encode_event(**arguments)[1])
    return decoded


def test_optional_members_are_written_only_when_they_carry_something() -> None:
    assert event() == {"id": "r1", "timestamp": "2026-09-21T14:13:20.250Z", "features": {"age": 41}, "prediction": 1}
    full = event(score=0.5, model_version="v2", tags={"region": "eu"}, shadow=True, label=0)
    assert full["score"] == 0.5 and full["model_version"] == "v2" and full["label"] == 0
    assert full["shadow"] is True and full["tags"] == {"region": "eu"}
    assert "shadow" not in event(shadow=False)
    assert event(latency_ms=12)["latency_ms"] == 12.0 and "latency_ms" not in event()


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), "12", True])
def test_latency_must_be_finite_milliseconds(bad: Any) -> None:
    with pytest.raises(RecordError):
        event(latency_ms=bad)


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, "2026-09-21T14:13:20.250Z"),
        (0, "1970-01-01T00:00:00.000Z"),
        (1.5, "1970-01-01T00:00:01.500Z"),
        (dt.datetime(2026, 1, 2, 3, 4, 5, 678_901), "2026-01-02T03:04:05.678Z"),
        (dt.datetime(2026, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2026-01-02T03:04:05.000Z"),
        ("2026-01-02T03:04:05+01:00", "2026-01-02T03:04:05+01:00"),
    ],
)
def test_timestamps(value: Any, expected: str) -> None:
    assert rfc3339(value, NOW) == expected


def test_values_json_cannot_carry_are_refused_and_nan_features_are_missing() -> None:
    assert event(features={"age": float("nan"), "x": float("inf")})["features"] == {"age": None, "x": None}
    refused: list[dict[str, Any]] = [
        dict(score=float("nan")), dict(id=""), dict(id=True), dict(features=[1]), dict(prediction=None),
        dict(timestamp=float("inf")), dict(timestamp=object()),
    ]
    for bad in refused:
        with pytest.raises(RecordError):
            event(**bad)
    with pytest.raises(RecordError):
        encode_label(id="r1", label=None)
    assert json.loads(encode_label(id=42, label=True)[1]) == {"id": "42", "label": True}
