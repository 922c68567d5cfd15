"""HTTP servers on 127.0.0.1 ... 127.0.0.N, each answering every request after a delay.

    python benchmarks/slow_hosts.py HOSTS DELAY_SECONDS   # prints "ready PORT", serves until killed

Hand-written on asyncio streams rather than http.server: one event loop answers hundreds of
keep-alive connections without a thread each, so the servers are never the bottleneck.
"""

from __future__ import annotations

import asyncio
import sys


async def serve(delay: float, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            await asyncio.sleep(delay)
            body = b"" if head.startswith(b"HEAD") else b"ok\n"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n" + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(hosts: int, delay: float) -> None:
    first = await asyncio.start_server(lambda r, w: serve(delay, r, w), "127.0.0.1", 0, backlog=1024)
    port = first.sockets[0].getsockname()[1]
    servers = [first]
    for host in range(2, hosts + 1):
        servers.append(
            await asyncio.start_server(lambda r, w: serve(delay, r, w), f"127.0.0.{host}", port, backlog=1024)
        )
    print(f"ready {port}", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2])))
