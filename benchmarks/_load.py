"""A small closed-loop HTTP load generator: N keep-alive connections, each sending the next
request as soon as the previous answer is read, for a fixed time (what `wrk -c N` does).

Python threads are enough at these rates (a few hundred requests per second); the generator
takes some CPU from the server on a 2-core machine, equally for every page measured.
"""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    #: CPU seconds the server's processes used meanwhile (None when not measured).
    server_cpu: float | None = None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    @property
    def cpu_ms_per_request(self) -> float:
        if self.server_cpu is None or not self.requests:
            return float("nan")
        return self.server_cpu * 1000 / self.requests

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(95)


def hammer(
    base: str, path: str, *, connections: int, seconds: float, cookie: str = "", cpu=None
) -> Result:
    """GET base+path over `connections` keep-alive connections for `seconds`; `cpu()` (if
    given) reads the server's CPU seconds before and after."""
    host, port = base.removeprefix("http://").split(":")
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[float] = []
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    start_gate = threading.Event()
    deadline = [0.0]

    def worker():
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        mine, errors = [], 0
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
                continue
            mine.append((time.perf_counter() - t0) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            counts["requests"] += len(mine)
            counts["errors"] += errors

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    cpu_before = cpu() if cpu else None
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_gate.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cpu_after = cpu() if cpu else None
    used = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    return Result(counts["requests"], counts["errors"], elapsed, latencies, used)
