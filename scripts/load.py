"""Load test of `sitroom serve`: starts the server on a store, runs concurrent clients over a
fixed mix of pages and GET API routes, stops the server and prints the figures.

    .venv/bin/python scripts/load.py --db STORE [--clients 50] [--duration 60] [--wait 1]
        [--burst 20] [--seed 17] [--ingest PATH] [--json OUT]

Phase 1: ``--clients`` clients, each sending a request, waiting for the answer, then ``--wait``
seconds, for ``--duration`` seconds. Phase 2 (``--burst`` seconds, 0 to skip): the same
clients with no waiting, for the throughput. The URLs are drawn with ``--seed`` from what
the store holds (days, article ids, actors, dyads, title words, asked of the API before the
clock starts), ``POST /api/code`` excluded. ``--ingest PATH`` runs ``sitroom run PATH`` on the
store during phase 1 (the live path: the server keeps answering while it is written).

Only 127.0.0.1 is ever contacted; every loop is bounded in time and the script stops the
server it started. Prints requests/s, p50, p95, errors, per route and overall.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30.0


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, extra: list[str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "sitroom.cli", "serve", "--db", db, "--port", str(port), *extra]
    log = Path(tempfile.gettempdir()) / f"sitroom-load-{port}.log"  # read if it fails
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text(errors='replace').strip()}")
        try:
            if httpx.get(f"http://{HOST}:{port}/api/health", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer within 120 s")


def server_cpu(proc: subprocess.Popen[bytes]) -> float:
    """CPU seconds used so far by the server and its worker processes (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if proc.pid in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


# --------------------------------------------------------------------------- the URL mix


def store_facts(base: str) -> dict[str, list[str]]:
    """Days, article ids, actors, dyads and title words of the served store, from its API."""
    with httpx.Client(base_url=base, timeout=120) as c:
        rows: list[dict[str, Any]] = []
        cursor = None
        for _ in range(5):
            params: dict[str, Any] = {"limit": 1000}
            if cursor:
                params["cursor"] = cursor
            page = c.get("/api/articles", params=params).json()
            rows += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        actors = [
            a["actor_id"] for a in c.get("/api/actors", params={"limit": 200}).json()["items"]
        ]
        dyads = c.get("/api/dyads", params={"n": 10}).json()
    titles = " ".join(r.get("title") or "" for r in rows).lower().split()
    words = sorted({w for w in titles if len(w) > 5 and w.isalpha()})
    return {
        "days": sorted({r["date"] for r in rows if r.get("date")}),
        "articles": sorted(r["article_id"] for r in rows),
        "actors": actors,
        "dyads": dyads,
        "words": words,
    }


Route = tuple[str, float, Callable[[random.Random], str]]


def routes(f: dict[str, list[str]]) -> list[Route]:
    """(name, weight, URL maker) of the mix: pages about half, the API the other half."""

    def day(r: random.Random) -> str:
        return r.choice(f["days"])

    def week(r: random.Random) -> str:
        i = r.randrange(len(f["days"]))
        return f"date_from={f['days'][max(0, i - 6)]}&date_to={f['days'][i]}"

    def pick(key: str) -> Callable[[random.Random], str]:
        return lambda r: r.choice(f[key]) if f[key] else ""

    actor, dyad, art, word = pick("actors"), pick("dyads"), pick("articles"), pick("words")
    return [
        ("page /", 8, lambda r: "/"),
        ("page /?date", 4, lambda r: f"/?date={day(r)}"),
        ("page /events", 5, lambda r: f"/events?date={day(r)}"),
        ("page /articles/id", 6, lambda r: f"/articles/{art(r)}"),
        ("page /timeline", 3, lambda r: "/timeline"),
        ("page /actors", 2, lambda r: "/actors"),
        ("page /actors/id", 4, lambda r: f"/actors/{actor(r)}"),
        ("page /claims", 2, lambda r: "/claims"),
        ("page /search", 2, lambda r: f"/search?q={word(r)}"),
        ("api health", 2, lambda r: "/api/health"),
        ("api articles", 4, lambda r: f"/api/articles?{week(r)}&limit=50"),
        ("api article", 4, lambda r: f"/api/articles/{art(r)}"),
        ("api events", 5, lambda r: f"/api/events?{week(r)}&limit=50"),
        ("api events actor", 3, lambda r: f"/api/events?view=events&actor={actor(r)}&limit=50"),
        ("api quotes", 3, lambda r: f"/api/quotes?{week(r)}&limit=50"),
        ("api actors", 2, lambda r: "/api/actors?limit=50"),
        ("api actor", 3, lambda r: f"/api/actors/{actor(r)}"),
        ("api claims", 2, lambda r: "/api/claims?limit=50"),
        ("api timeline", 3, lambda r: f"/api/timeline?{week(r)}"),
        ("api escalation", 4, lambda r: f"/api/escalation?dyad={dyad(r)}"),
        ("api escalation range", 3, lambda r: f"/api/escalation?dyad={dyad(r)}&{week(r)}"),
        ("api dyads", 1, lambda r: "/api/dyads"),
        ("api search", 2, lambda r: f"/api/search?q={word(r)}&limit=20"),
    ]


# --------------------------------------------------------------------------- clients

Record = tuple[str, float, int]  # route, seconds, status (0: no answer)


class Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams: far less client CPU per
    request than a full HTTP library, so that the client does not slow what it measures."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, url: str) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.streams
        url = quote(url, safe="/?&=%:-_.~")  # a title word may be any letter
        writer.write(f"GET {url} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n\r\n".encode())
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])}
        if "content-length" in fields:
            await reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        if fields.get("connection") == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def client(
    port: int, mix: list[Route], rng: random.Random, until: float, wait: float, out: list[Record]
) -> None:
    names = [m[0] for m in mix]
    weights = [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}
    conn = Connection(port)
    while time.monotonic() < until:
        name = rng.choices(names, weights)[0]
        url = makers[name](rng)
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(conn.get(url), REQUEST_TIMEOUT)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError):
            status = 0
            await conn.close()
        out.append((name, time.perf_counter() - started, status))
        if wait:
            await asyncio.sleep(min(wait, max(0.0, until - time.monotonic())))
    await conn.close()


async def phase(port: int, mix: list[Route], clients: int, seconds: float, wait: float,
                seed: int) -> tuple[list[Record], float]:  # fmt: skip
    out: list[Record] = []
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(client(port, mix, random.Random(seed * 1000 + i), until, wait, out)
                           for i in range(clients)))  # fmt: skip
    return out, time.monotonic() - started


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(records: list[Record], elapsed: float) -> dict[str, Any]:
    times = [r[1] for r in records]
    return {
        "requests": len(records),
        "requests_per_s": round(len(records) / elapsed, 1),
        "p50_ms": round(pct(times, 50) * 1000, 1),
        "p95_ms": round(pct(times, 95) * 1000, 1),
        "max_ms": round(max(times, default=0) * 1000, 1),
        "errors": sum(1 for r in records if not 200 <= r[2] < 300),
    }


def report(title: str, records: list[Record], elapsed: float, cpu: float) -> dict[str, Any]:
    by_route: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for name, secs, status in records:
        by_route[name].append(secs)
        errors[name] += not 200 <= status < 300
    total = summary(records, elapsed)
    total["server_cpu_ms_per_request"] = round(cpu * 1000 / max(1, len(records)), 1)
    total["load_average"] = round(os.getloadavg()[0], 1)
    say(
        f"\n{title}: {total['requests']} requests in {elapsed:.1f} s; server CPU"
        f" {total['server_cpu_ms_per_request']} ms a request; load average"
        f" {total['load_average']} on {os.cpu_count()} cores"
    )
    say(f"{'route':24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for name in sorted(by_route):
        t = by_route[name]
        say(f"{name:24} {len(t):6} {pct(t, 50) * 1000:8.1f} {pct(t, 95) * 1000:8.1f}"
              f" {errors[name]:6}")  # fmt: skip
    say(f"{'ALL':24} {total['requests']:6} {total['p50_ms']:8.1f} {total['p95_ms']:8.1f}"
          f" {total['errors']:6}   {total['requests_per_s']} requests/s")  # fmt: skip
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--wait", type=float, default=1.0)
    ap.add_argument("--burst", type=float, default=20.0, help="seconds with no waiting (0: skip)")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--ingest", help="run `sitroom run PATH` on the store during phase 1")
    ap.add_argument("--serve-arg", action="append", default=[], help="passed to sitroom serve")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--settle", type=float, default=0.0,
                    help="seconds to wait once the server answers (its warming)")  # fmt: skip
    args = ap.parse_args()
    if not Path(args.db).is_file():
        raise SystemExit(f"no store at {args.db}")
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(args.db, port, args.serve_arg)
    writer: subprocess.Popen[bytes] | None = None
    try:
        time.sleep(args.settle)
        facts = store_facts(base)
        say("store: " + ", ".join(f"{len(v)} {k}" for k, v in facts.items()))
        mix = routes(facts)
        if args.ingest:
            writer = subprocess.Popen([sys.executable, "-m", "sitroom.cli", "run", args.ingest,
                                       "--db", args.db], env=os.environ.copy())  # fmt: skip
        before = httpx.get(base + "/api/health").json()["articles"]
        cpu = server_cpu(server)
        recs, elapsed = asyncio.run(phase(port, mix, args.clients, args.duration, args.wait,
                                          args.seed))  # fmt: skip
        out: dict[str, Any] = {
            "waiting": report(f"{args.clients} clients, {args.wait} s between requests", recs,
                              elapsed, server_cpu(server) - cpu)}  # fmt: skip
        if writer is not None:
            out["writer_exit"] = writer.wait(timeout=3600)
            time.sleep(1.0)  # the server looks for a new snapshot every half second
            after = httpx.get(base + "/api/health").json()["articles"]
            out["articles_before_after"] = [before, after]
            say(
                f"writer exit code {out['writer_exit']} (it ran during the phase above);"
                f" the server's articles: {before} before, {after} after"
            )
        if args.burst > 0:
            cpu = server_cpu(server)
            recs, elapsed = asyncio.run(phase(port, mix, args.clients, args.burst, 0.0,
                                              args.seed + 1))  # fmt: skip
            out["no_wait"] = report(f"{args.clients} clients, no waiting", recs, elapsed,
                                    server_cpu(server) - cpu)  # fmt: skip
        if args.json:
            args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
        say(json.dumps(out))
    finally:
        if writer is not None and writer.poll() is None:
            writer.terminate()
            writer.wait(timeout=60)
        stop_server(server)


if __name__ == "__main__":
    main()
