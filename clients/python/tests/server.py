"""A real `driftwatch serve` process for the tests: start, kill, restart on the same port and store."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional

REPO_ROOT = Path(__file__).resolve().parents[3]
REFERENCE_CSV = REPO_ROOT / "examples" / "loans_reference.csv"


def driftwatch_binary() -> Path:
    """`$DRIFTWATCH_BIN`, else `driftwatch` in the directory `swift build --show-bin-path` names."""
    configured = os.environ.get("DRIFTWATCH_BIN")
    if configured:
        path = Path(configured)
    else:
        shown = subprocess.run(
            ["swift", "build", "--show-bin-path"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
            check=True,
        )
        path = Path(shown.stdout.strip()) / "driftwatch"
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"no driftwatch binary at {path}: build it (swift build) or set DRIFTWATCH_BIN")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class DriftwatchServer:
    """One `driftwatch serve` on 127.0.0.1 with its own SQLite file, restartable on the same port."""

    def __init__(self, binary: Path, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.db = directory / "driftwatch.sqlite"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.starts = 0

    def start(self, timeout: float = 30.0) -> None:
        """Starts the server and waits until `/healthz` answers 200."""
        self.starts += 1
        log = open(self.directory / f"serve-{self.starts}.log", "wb")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", str(self.db),
             "--log-level", "warning"],
            cwd=self.directory, stdout=log, stderr=subprocess.STDOUT,
            env={key: value for key, value in os.environ.items() if not key.startswith("DRIFTWATCH_")},
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"driftwatch serve exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"driftwatch serve did not become healthy in {timeout} s: {self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as a crash or an OOM kill."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM and wait for the graceful shutdown (SIGKILL after 15 s)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self) -> str:
        logs = sorted(self.directory.glob("serve-*.log"))
        return logs[-1].read_text(errors="replace")[-2000:] if logs else ""

    def request(self, method: str, path: str, body: Optional[bytes] = None,
                content_type: str = "application/json") -> tuple[int, Any]:
        """One request; the status and the decoded JSON answer."""
        request = urllib.request.Request(
            f"{self.url}{path}", data=body, method=method, headers={"Content-Type": content_type}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def upload_reference(self, model: str) -> None:
        """Creates `model` from `examples/loans_reference.csv`."""
        status, answer = self.request(
            "PUT", f"/v1/models/{model}/reference", REFERENCE_CSV.read_bytes(), content_type="text/csv"
        )
        if status != 201:
            raise RuntimeError(f"reference upload answered {status}: {answer}")

    def counts(self, model: str) -> dict[str, int]:
        """The model's `counts` from `GET /v1/models/{model}`: events, labels, labels_matched, …"""
        status, answer = self.request("GET", f"/v1/models/{model}")
        if status != 200:
            raise RuntimeError(f"GET /v1/models/{model} answered {status}: {answer}")
        return dict(answer["counts"])

    def metric(self, name: str, **labels: str) -> float:
        """The sum of the samples of `name` (from `GET /metrics`) whose labels include `labels`."""
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=30) as answer:
            text = answer.read().decode()
        total = 0.0
        for line in text.splitlines():
            if line.startswith("#") or not line.startswith(name):
                continue
            series, _, value = line.rpartition(" ")
            metric_name, _, label_text = series.partition("{")
            if metric_name != name:
                continue
            if all(f'{key}="{wanted}"' in label_text for key, wanted in labels.items()):
                total += float(value)
        return total

    def stored_latencies(self, model: str) -> list[Optional[float]]:
        """Every stored event's `latency_ms` of `model` (after `stop`)."""
        return self._stored_column(model, "latency_ms")

    def stored_event_ids(self, model: str) -> list[str]:
        """Every stored event id of `model`, one per stored row (after `stop`)."""
        return self._stored_column(model, "event_id")

    def _stored_column(self, model: str, column: str) -> list[Any]:
        """One column of every stored event of `model`, read from the SQLite file read-only."""
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                f"SELECT e.{column} FROM event e JOIN model m ON m.id = e.model_id WHERE m.name = ?", (model,)
            ).fetchall()
        finally:
            connection.close()
        return [row[0] for row in rows]
