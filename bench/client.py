"""A keep-alive HTTP client over loopback, and the concurrent create clients.

Plain `http.client`: one persistent connection per client, no third-party code in the
measured path. Concurrent clients are separate processes, so they do not share a GIL.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import random
import time
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    body: bytes
    seconds: float


class Client:
    def __init__(self, host: str, port: int, token: str | None = None, timeout: float = 600):
        self.host, self.port, self.timeout = host, port, timeout
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def request(self, method: str, path: str, payload=None) -> Reply:
        headers = dict(self.headers)
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            # The server closed an idle keep-alive connection: reconnect once.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            started = time.perf_counter()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        return Reply(response.status, data, time.perf_counter() - started)

    def stream(self, path: str, block: int = 1 << 20) -> tuple[int, int, float]:
        """GET `path`, reading and discarding the body: (status, bytes, seconds)."""
        started = time.perf_counter()
        self.conn.request("GET", path, headers=self.headers)
        response = self.conn.getresponse()
        size = 0
        while chunk := response.read(block):
            size += len(chunk)
        return response.status, size, time.perf_counter() - started

    def close(self) -> None:
        self.conn.close()


def create_payload(rng: random.Random, target: dict) -> dict:
    """A statement on one of the spans the setup listed for creates."""
    start, end = rng.choice(target["spans"])
    return {
        "article": target["article"],
        "speaker": rng.choice(target["speakers"]),
        "start": start,
        "end": end,
        "stance": rng.choice(["warning", "reassurance", "policy"]),
        "topics": [rng.choice(target["topics"])],
    }


def _create_loop(args) -> dict:
    host, port, token, target, seconds, seed, start_at = args
    client = Client(host, port, token)
    rng = random.Random(seed)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    # Start together, so that every client runs for the whole window.
    time.sleep(max(0.0, start_at - time.time()))
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            reply = client.request("POST", "/api/statements/", create_payload(rng, target))
        except Exception as error:  # a refused or reset connection is an error, not a crash
            key = type(error).__name__
            errors[key] = errors.get(key, 0) + 1
            client = Client(host, port, token)
            continue
        if reply.status == 201:
            latencies.append(reply.seconds)
        else:
            key = f"HTTP {reply.status}: {reply.body[:120].decode(errors='replace')}"
            errors[key] = errors.get(key, 0) + 1
    client.close()
    return {"latencies": latencies, "errors": errors}


def concurrent_creates(
    host: str, port: int, token: str, target: dict, *, clients: int, seconds: float
) -> dict:
    """`clients` processes creating statements for `seconds`: throughput and errors."""
    start_at = time.time() + 2.0
    jobs = [(host, port, token, target, seconds, n, start_at) for n in range(clients)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(clients) as pool:
        results = pool.map(_create_loop, jobs)
    latencies = [x for r in results for x in r["latencies"]]
    errors: dict[str, int] = {}
    for result in results:
        for key, count in result["errors"].items():
            errors[key] = errors.get(key, 0) + count
    return {
        "created": len(latencies),
        "per_second": len(latencies) / seconds,
        "latencies": latencies,
        "errors": errors,
    }
