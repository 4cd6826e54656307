#!/usr/bin/env python3
"""Writes Tests/DriftStatsTests/Golden/latency.json: latency samples and what numpy says of them.

Each case holds the latencies (ms) and numpy's count, mean, percentile 50/90/99 (numpy's default,
method "linear", Hyndman & Fan definition 7) and max, which LatencySummary must match. Run from the
package root: python3 scripts/make_latency_golden.py
"""
import json

import numpy as np

rng = np.random.default_rng(20261206)
cases = []


def add(name, values):
    x = np.asarray(values, dtype=float)
    cases.append({
        "name": name,
        "latencies": [float(v) for v in x],
        "count": int(x.size),
        "mean": float(np.mean(x)),
        "p50": float(np.percentile(x, 50)),
        "p90": float(np.percentile(x, 90)),
        "p99": float(np.percentile(x, 99)),
        "max": float(np.max(x)),
    })


add("one value", [12.5])
add("two values", [3.0, 1.0])
add("ties and zeros", [0, 0, 0, 5, 5, 5, 5, 9, 9, 100])
add("lognormal 101", rng.lognormal(mean=3.0, sigma=0.6, size=101))
add("lognormal 1000 with a tail", np.concatenate([rng.lognormal(2.5, 0.4, 990), rng.uniform(500, 5000, 10)]))
add("exponential 7", rng.exponential(40.0, 7))
add("integers 250", rng.integers(0, 1000, 250))
add("tiny and huge", [1e-9, 2e-9, 1e9, 3.5, 1e12])

with open("Tests/DriftStatsTests/Golden/latency.json", "w") as f:
    json.dump({"generator": f"numpy {np.__version__}: scripts/make_latency_golden.py", "cases": cases}, f, indent=1)
    f.write("\n")
