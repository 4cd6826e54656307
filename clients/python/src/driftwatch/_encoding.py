"""Turning one `log` or `label` call into the JSON bytes of one record (API.md, "Concepts").

Records are encoded when they are queued, in the caller's thread: later changes to the caller's
`features` dict cannot change what is sent, and a value that cannot be sent is refused at once
instead of poisoning a batch. The server rejects members it does not know, so optional members are
written only when they carry something (`shadow` only when true, `tags` only when given).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from typing import Any, Mapping, Optional, Union

Scalar = Union[str, int, float, bool, None]
"""A feature value, prediction or label as JSON carries it."""

Timestamp = Union[_dt.datetime, int, float, str, None]
"""`None` (now), a `datetime` (naive means UTC), Unix seconds, or an RFC 3339 string."""

MODEL_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
"""A model slug, as the server requires it; checked here so a bad name never reaches a URL path."""


class RecordError(ValueError):
    """A record that cannot be sent; it is counted in `rejected` and never queued."""


def check_model(model: str) -> None:
    """Raises `RecordError` unless `model` is a valid model slug."""
    if not isinstance(model, str) or not MODEL_NAME.match(model):
        raise RecordError(f"model name {model!r} must match [a-z0-9][a-z0-9._-]{{0,63}}")


def rfc3339(timestamp: Timestamp, now: float) -> str:
    """The RFC 3339 UTC form (millisecond precision) of `timestamp`; `None` means `now` (Unix seconds)."""
    if isinstance(timestamp, str):
        return timestamp
    if timestamp is None:
        moment = _dt.datetime.fromtimestamp(now, tz=_dt.timezone.utc)
    elif isinstance(timestamp, _dt.datetime):
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=_dt.timezone.utc)
        moment = timestamp.astimezone(_dt.timezone.utc)
    elif isinstance(timestamp, (int, float)) and not isinstance(timestamp, bool):
        if not math.isfinite(timestamp):
            raise RecordError(f"timestamp {timestamp!r} is not a time")
        moment = _dt.datetime.fromtimestamp(float(timestamp), tz=_dt.timezone.utc)
    else:
        raise RecordError(f"timestamp must be None, a datetime, Unix seconds or an RFC 3339 string, not {timestamp!r}")
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _record_id(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise RecordError(f"id must be a string or an integer, not {value!r}")
    text = str(value)
    if not text:
        raise RecordError("id must not be empty")
    return text


def _plain(value: Any) -> Any:
    """numpy scalars and similar (anything with `.item()`) as Python values."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _feature_value(value: Any) -> Any:
    """A feature value; NaN and infinities mean missing, as in pandas, and are sent as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is not None and not isinstance(value, (str, int, float, bool)):
        try:
            value = _plain(value)
        except TypeError as error:
            raise RecordError(str(error)) from error
        if isinstance(value, float) and not math.isfinite(value):
            return None
    return value


def _dumps(record: Mapping[str, Any]) -> bytes:
    try:
        return json.dumps(record, separators=(",", ":"), allow_nan=False, ensure_ascii=False, default=_plain).encode()
    except (TypeError, ValueError) as error:
        raise RecordError(str(error)) from error


def encode_event(
    *,
    id: Any,
    timestamp: Timestamp,
    features: Mapping[str, Any],
    prediction: Any,
    score: Optional[float],
    model_version: Optional[str],
    tags: Optional[Mapping[str, str]],
    shadow: bool,
    label: Any,
    now: float,
    latency_ms: Optional[float] = None,
) -> tuple[str, bytes]:
    """The event's id and its JSON bytes; raises `RecordError` for a value JSON cannot carry."""
    if not isinstance(features, Mapping):
        raise RecordError(f"features must be a mapping of name to value, not {type(features).__name__}")
    if prediction is None:
        raise RecordError("prediction is required")
    record_id = _record_id(id)
    record: dict[str, Any] = {
        "id": record_id,
        "timestamp": rfc3339(timestamp, now),
        "features": {str(name): _feature_value(value) for name, value in features.items()},
        "prediction": prediction,
    }
    if score is not None:
        record["score"] = score
    if label is not None:
        record["label"] = label
    if model_version is not None:
        record["model_version"] = str(model_version)
    if shadow:
        record["shadow"] = True
    if tags is not None:
        record["tags"] = {str(key): str(value) for key, value in tags.items()}
    if latency_ms is not None:
        if isinstance(latency_ms, bool) or not isinstance(latency_ms, (int, float)):
            raise RecordError(f"latency_ms must be a number of milliseconds, not {type(latency_ms).__name__}")
        if not math.isfinite(latency_ms) or latency_ms < 0:
            raise RecordError(f"latency_ms must be a finite number of milliseconds >= 0, not {latency_ms}")
        record["latency_ms"] = float(latency_ms)
    return record_id, _dumps(record)


def encode_label(*, id: Any, label: Any) -> tuple[str, bytes]:
    """The label record's id and its JSON bytes; raises `RecordError` when it cannot be sent."""
    if label is None:
        raise RecordError("label must not be None")
    record_id = _record_id(id)
    return record_id, _dumps({"id": record_id, "label": label})


def batch_body(records: list[bytes]) -> bytes:
    """A JSON array of already-encoded records."""
    return b"[" + b",".join(records) + b"]"
