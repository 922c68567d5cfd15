"""Candidate HTTP stacks for check-links on the same job: 1,000 HEAD requests over 10 local hosts
answering after 50 ms, 100 in flight and 10 per host. Each candidate runs in a fresh interpreter,
the candidates alternating, several times; printed are the medians of the checks alone (wall
and CPU, the library already imported) and of the whole process's CPU (imports included).

    pip install httpx aiohttp h11   # the candidates readgroup does not depend on
    python benchmarks/http_stacks.py [--runs 3]

Candidates: httpx (one client per host, as check-links used before), httpcore (its pool alone),
aiohttp, h11 on asyncio streams (hand-driven), readgroup's own checker (llhttp through httptools,
fed from an asyncio.Protocol, with its scheduler, redirects and verdicts), and a bare
asyncio.Protocol reading only the status line (a lower bound, not a candidate). Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CONC, PER, HOSTS, DELAY = 100, 10, 10, 0.05
STACKS = ("httpx", "httpcore", "aiohttp", "h11", "readgroup", "raw")
URLS: list[str] = []


async def run_workers(fetch_for_host):
    """PER workers per host pull that host's links; a semaphore keeps CONC in flight in all."""
    queues: dict[str, list[str]] = {}
    for url in URLS:
        queues.setdefault(url.split("/")[2], []).append(url)
    limit = asyncio.Semaphore(CONC)
    ok = 0

    async def host_workers(host, links):
        fetch = fetch_for_host(host)
        todo = iter(links)

        async def worker():
            nonlocal ok
            for url in todo:
                async with limit:
                    status = await fetch(url)
                    ok += status == 200

        await asyncio.gather(*(worker() for _ in range(PER)))

    await asyncio.gather(*(host_workers(host, links) for host, links in queues.items()))
    return ok


async def with_httpx():
    import httpx

    clients = []

    def for_host(host):
        client = httpx.AsyncClient(limits=httpx.Limits(max_connections=PER))
        clients.append(client)

        async def fetch(url):
            return (await client.head(url)).status_code

        return fetch

    ok = await run_workers(for_host)
    for client in clients:
        await client.aclose()
    return ok


async def with_httpcore():
    import httpcore

    pools = []

    def for_host(host):
        pool = httpcore.AsyncConnectionPool(max_connections=PER)
        pools.append(pool)

        async def fetch(url):
            return (await pool.request("HEAD", url)).status

        return fetch

    ok = await run_workers(for_host)
    for pool in pools:
        await pool.aclose()
    return ok


async def with_aiohttp():
    import aiohttp

    connector = aiohttp.TCPConnector(limit=CONC, limit_per_host=PER)
    async with aiohttp.ClientSession(connector=connector) as session:

        def for_host(host):
            async def fetch(url):
                async with session.head(url, allow_redirects=False) as response:
                    return response.status

            return fetch

        return await run_workers(for_host)


async def with_h11():
    from urllib.parse import urlsplit

    import h11

    idle_by_host: list[list] = []

    def for_host(host):
        idle = []
        idle_by_host.append(idle)

        async def fetch(url):
            parts = urlsplit(url)
            if idle:
                reader, writer, connection = idle.pop()
            else:
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                connection = h11.Connection(h11.CLIENT)
            headers = [("Host", parts.netloc), ("User-Agent", "bench")]
            writer.write(connection.send(h11.Request(method="HEAD", target=parts.path, headers=headers)))
            writer.write(connection.send(h11.EndOfMessage()))
            status = None
            while True:
                event = connection.next_event()
                if event is h11.NEED_DATA:
                    connection.receive_data(await reader.read(65536))
                elif isinstance(event, h11.Response):
                    status = event.status_code
                elif isinstance(event, h11.EndOfMessage):
                    break
            connection.start_next_cycle()
            idle.append((reader, writer, connection))
            return status

        return fetch

    ok = await run_workers(for_host)
    for idle in idle_by_host:
        for _, writer, _ in idle:
            writer.close()
    return ok


async def with_raw():
    """asyncio.Protocol, only the status line read: a lower bound, not a candidate."""
    from urllib.parse import urlsplit

    loop = asyncio.get_running_loop()

    class Head(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport, self.buffer, self.answer = transport, b"", None

        def data_received(self, data):
            self.buffer += data
            if b"\r\n\r\n" in self.buffer and self.answer is not None and not self.answer.done():
                head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
                self.answer.set_result(int(head.split(b" ", 2)[1]))

    def for_host(host):
        idle = []

        async def fetch(url):
            parts = urlsplit(url)
            if idle:
                protocol = idle.pop()
            else:
                _, protocol = await loop.create_connection(Head, parts.hostname, parts.port)
            protocol.answer = loop.create_future()
            protocol.transport.write(f"HEAD {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
            status = await protocol.answer
            idle.append(protocol)
            return status

        return fetch

    return await run_workers(for_host)


async def with_readgroup():
    from readgroup.links.check import check
    from readgroup.links.report import Settings

    outcome = await check(URLS, Settings(concurrency=CONC, per_host=PER))
    return sum(result.verdict == "ok" for result in outcome.results.values())


MODULES = {"httpx": "httpx", "httpcore": "httpcore", "aiohttp": "aiohttp", "h11": "h11"}
MODULES |= {"readgroup": "readgroup.links.check", "raw": "asyncio"}


def one(stack: str, port: int, links: int) -> None:
    """Prints: links ok, wall and CPU seconds of the checks alone (the library imported
    before), CPU seconds of the whole process, peak MB."""
    import importlib

    URLS.extend(f"http://127.0.0.{n % HOSTS + 1}:{port}/doc/{n}" for n in range(links))
    importlib.import_module(MODULES[stack])
    started, cpu = time.perf_counter(), time.process_time()
    ok = asyncio.run(globals()["with_" + stack]())
    wall, run_cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{ok} {wall:.3f} {run_cpu:.3f} {time.process_time():.3f} {rss}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--one", nargs=2, metavar=("STACK", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one(args.one[0], int(args.one[1]), args.links)
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "slow_hosts.py"), str(HOSTS), str(DELAY)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = server.stdout.readline().split()[1]  # type: ignore[union-attr]
        figures: dict[str, list[tuple[float, float, float, int]]] = {stack: [] for stack in STACKS}
        for _ in range(args.runs):
            for stack in STACKS:
                command = [sys.executable, __file__, "--links", str(args.links), "--one", stack, port]
                done = subprocess.run(command, capture_output=True, text=True)
                if done.returncode:
                    print(f"  {stack}: failed ({done.stderr.strip().splitlines()[-1:]})")
                    continue
                ok, wall, cpu, total_cpu, rss = done.stdout.split()
                if int(ok) != args.links:
                    print(f"  {stack}: only {ok} of {args.links} ok")
                figures[stack].append((float(wall), float(cpu), float(total_cpu), int(rss)))
        print(f"{args.links} HEADs, {HOSTS} hosts x {DELAY * 1000:.0f} ms, {CONC} in flight, {PER} per host:")
        for stack, runs in figures.items():
            if runs:
                wall, cpu, total = (statistics.median(run[i] for run in runs) for i in range(3))
                print(
                    f"  {stack:10s} checks: wall {wall:.2f} s, CPU {cpu:.2f} s;"
                    f"  process with imports: CPU {total:.2f} s, peak {max(r[3] for r in runs)} MB"
                )
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
