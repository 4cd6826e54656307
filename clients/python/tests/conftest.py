"""Fixtures: a real `driftwatch serve` with the `loans` model, and rows to log as predictions."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import Any, Iterator

import pytest

from server import REFERENCE_CSV, DriftwatchServer, driftwatch_binary

MODEL = "loans"

_NUMERIC = {"age", "income", "loan_amount", "credit_score", "debt_to_income", "employment_years"}


@pytest.fixture(scope="session")
def binary() -> Path:
    """The server binary; a missing one fails the run instead of skipping it."""
    try:
        return driftwatch_binary()
    except Exception as error:  # noqa: BLE001 - reported as the failure's reason
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def server(binary: Path, tmp_path: Path) -> Iterator[DriftwatchServer]:
    """A fresh server with the `loans` reference uploaded; stopped after the test."""
    instance = DriftwatchServer(binary, tmp_path)
    instance.start()
    try:
        instance.upload_reference(MODEL)
        yield instance
    finally:
        instance.kill()


@pytest.fixture(scope="session")
def loan_rows() -> list[dict[str, Any]]:
    """The reference's feature rows, typed, to log as live traffic."""
    rows = []
    with open(REFERENCE_CSV, newline="") as handle:
        for row in csv.DictReader(handle):
            features: dict[str, Any] = {}
            for name, value in row.items():
                if name in ("score", "prediction", "label"):
                    continue
                features[name] = (float(value) if value else None) if name in _NUMERIC else value
            rows.append({"features": features, "prediction": int(float(row["prediction"])),
                         "score": float(row["score"])})
    return rows


def predictions(rows: list[dict[str, Any]], count: int, prefix: str) -> Iterator[dict[str, Any]]:
    """`count` predictions with ids `{prefix}-{n}`, cycling through `rows`."""
    for n, row in zip(range(count), itertools.cycle(rows)):
        yield {"id": f"{prefix}-{n}", **row}
