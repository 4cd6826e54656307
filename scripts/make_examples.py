#!/usr/bin/env python3
"""Writes examples/loans_reference.csv and examples/loans_current.csv: a loan-default model's
training sample and one week of production traffic in which applicants' incomes fell, credit scores
spread out and more loans went to debt consolidation. Seeded, so the files are reproducible."""
import csv
import math
import os
import random

EMPLOYERS = ["Acme, Inc.", "Globex", "Initech", "Umbrella Corp", "Hooli", "Stark Industries", "self-employed"]
PURPOSES = ["debt_consolidation", "credit_card", "home_improvement", "car", "medical", "other"]
HOMES = ["RENT", "MORTGAGE", "OWN"]


def row(rng, drifted):
    age = max(18, min(80, round(rng.gauss(41, 11))))
    income = round(math.exp(rng.gauss(10.9 - (0.4 if drifted else 0.0), 0.45)), 2)
    spread = 110 if drifted else 70
    credit = max(300, min(850, round(rng.gauss(690, spread))))
    amount = round(min(40000, max(1000, rng.lognormvariate(9.3, 0.6))), -2)
    dti = round(max(0.0, min(0.65, rng.gauss(0.22, 0.09))), 4)
    years = None if rng.random() < (0.06 if drifted else 0.03) else max(0, min(40, round(rng.expovariate(1 / 6))))
    purpose_weights = [0.6, 0.14, 0.08, 0.06, 0.06, 0.06] if drifted else [0.34, 0.24, 0.14, 0.12, 0.07, 0.09]
    purpose = rng.choices(PURPOSES, purpose_weights)[0]
    home = rng.choices(HOMES, [0.42, 0.4, 0.18])[0]
    employer = rng.choice(EMPLOYERS)
    logit = -1.2 - 0.012 * (credit - 690) + 3.5 * (dti - 0.22) - 0.35 * (math.log(income) - 10.9)
    logit += 0.4 if purpose == "debt_consolidation" else 0.0
    score = 1 / (1 + math.exp(-logit))
    label = 1 if rng.random() < score else 0
    return {
        "age": age, "income": income, "loan_amount": amount, "credit_score": credit,
        "debt_to_income": dti, "employment_years": "" if years is None else years,
        "home_ownership": home, "purpose": purpose, "employer": employer,
        "score": round(score, 6), "prediction": 1 if score >= 0.5 else 0, "label": label,
    }


def write(path, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
    rng = random.Random(20260105)
    write(os.path.join(here, "loans_reference.csv"), [row(rng, False) for _ in range(5000)])
    write(os.path.join(here, "loans_current.csv"), [row(rng, True) for _ in range(2000)])
