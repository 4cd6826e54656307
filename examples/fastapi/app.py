"""A loan-scoring service that ships every prediction to Driftwatch, and takes outcomes later.

Run it (from this directory, with a Driftwatch server that has the `loans` reference):

    pip install ../../clients/python -r requirements.txt
    DRIFTWATCH_URL=http://127.0.0.1:8080 uvicorn app:app --port 8000

    curl -s localhost:8000/score -H 'Content-Type: application/json' -d '{"age": 41,
      "income": 65210.95, "loan_amount": 12000, "credit_score": 702, "debt_to_income": 0.21,
      "employment_years": 6, "home_ownership": "RENT", "purpose": "car", "employer": "Initech"}'
    # → {"request_id": "…", "default_probability": 0.19, "approved": true}
    curl -s -X POST localhost:8000/outcomes/<request_id> -H 'Content-Type: application/json' \
         -d '{"defaulted": false}'

DRIFTWATCH_URL and DRIFTWATCH_TOKEN are read by this example only (a token with the `ingest`
scope, needed when the server has tokens configured).
"""

from __future__ import annotations

import math
import os
from typing import Optional

from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, Field

from driftwatch import Client
from driftwatch.fastapi import RequestIdMiddleware, close_on_shutdown, elapsed_ms, request_id

MODEL = "loans"
MODEL_VERSION = "2026-11-logistic"
THRESHOLD = 0.5


class LoanApplication(BaseModel):
    """The model's inputs: the feature columns of `examples/loans_reference.csv`."""

    age: int = Field(ge=18, le=120)
    income: float = Field(ge=0)
    loan_amount: float = Field(gt=0)
    credit_score: int = Field(ge=300, le=850)
    debt_to_income: float = Field(ge=0)
    employment_years: Optional[float] = Field(default=None, ge=0)
    home_ownership: str
    purpose: str
    employer: str


class Decision(BaseModel):
    """The answer: the id to report the outcome under, the score and the decision."""

    request_id: str
    default_probability: float
    approved: bool


class Outcome(BaseModel):
    """What happened to a loan, reported once known."""

    defaulted: bool


def default_probability(application: LoanApplication) -> float:
    """A stand-in for a trained model: a logistic score of a few features."""
    z = (
        -1.2
        + 6.0 * (application.debt_to_income - 0.22)
        - 0.012 * (application.credit_score - 690)
        + 0.25 * math.log(application.loan_amount / max(application.income, 1.0) * 4.5)
        - 0.03 * ((application.employment_years or 0.0) - 6.0)
        + (0.3 if application.home_ownership == "RENT" else 0.0)
    )
    return 1.0 / (1.0 + math.exp(-z))


def create_app(client: Client) -> FastAPI:
    """The service, logging to `client`; the client is closed (and flushed) when the app stops."""
    app = FastAPI(title="Loan scoring", lifespan=close_on_shutdown(client))
    app.add_middleware(RequestIdMiddleware)

    @app.post("/score")
    def score(application: LoanApplication, request: Request, rid: str = Depends(request_id)) -> Decision:
        probability = default_probability(application)
        defaulted = probability >= THRESHOLD
        # Never blocks and never raises on network trouble: the record is queued and sent in a batch.
        client.log(
            MODEL, id=rid, features=application.model_dump(), prediction=int(defaulted), score=probability,
            model_version=MODEL_VERSION, latency_ms=elapsed_ms(request),
        )
        return Decision(request_id=rid, default_probability=round(probability, 6), approved=not defaulted)

    @app.post("/outcomes/{rid}", status_code=202)
    def outcome(rid: str, body: Outcome) -> dict[str, str]:
        client.label(MODEL, rid, int(body.defaulted))
        return {"request_id": rid, "status": "queued"}

    return app


client = Client(os.environ.get("DRIFTWATCH_URL", "http://127.0.0.1:8080"), token=os.environ.get("DRIFTWATCH_TOKEN"))
app = create_app(client)
