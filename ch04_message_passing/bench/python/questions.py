"""Chapter 4's benchmark questions in CPython, the twin of ../questions.cpp.

The same workloads with the standard library: multiprocessing's Queue and Pipe between two
processes, pages read over HTTP by threads (http.client) and by asyncio streams, and an
asyncio echo server with 50 clients. Prints one line per figure, "question/variant,value,result",
for the C++ program to put beside its own. --quick: the small sizes the test uses.

  questions.py [--quick] --port P --clients C --connections N   the figures; the pages come
                                              from the C++ program's server on 127.0.0.1:P
  questions.py --serve-http --page-bytes B    a ThreadingHTTPServer on the listening socket
                                              passed as descriptor 3, until SIGTERM
"""
import argparse
import asyncio
import http.client
import multiprocessing
import os
import socket
import struct
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The helpers every twin shares: common/python/twin.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "common", "python"))
from twin import best_seconds, report, size  # noqa: E402

PAGES = 200


def message(i):
    return struct.pack("q56x", i)  # 64 bytes: the number, then padding


def sum_from_queue(queue, n, answer):
    answer.send(sum(struct.unpack_from("q", queue.get())[0] for _ in range(n)))


def sum_from_pipe(end, n, answer):
    answer.send(sum(struct.unpack_from("q", end.recv_bytes())[0] for _ in range(n)))


def msgs_2_processes(n):
    fork = multiprocessing.get_context("fork")
    total = [0]

    def through(make, child, send):
        def work():
            channel, reader = make()
            answer_in, answer_out = fork.Pipe(duplex=False)
            process = fork.Process(target=child, args=(reader, n, answer_out))
            process.start()
            for i in range(n):
                send(channel, message(i))
            total[0] = answer_in.recv()
            process.join()

        return n / best_seconds(work)

    rate = through(lambda: (lambda q: (q, q))(fork.Queue(1024)), sum_from_queue,
                   lambda q, m: q.put(m))
    report("msgs_2_processes/message_queue", rate, total[0])
    rate = through(lambda: (lambda r, w: (w, r))(*fork.Pipe(duplex=False)), sum_from_pipe,
                   lambda w, m: w.send_bytes(m))
    report("msgs_2_processes/pipe", rate, total[0])


def paths():
    return [f"/pages/{i}.html" for i in range(PAGES)]


def pages_by_threads(port, threads):
    todo = iter(paths())
    lock = threading.Lock()
    got = [0, 0]  # bytes, pages

    def reader():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while True:
            with lock:
                path = next(todo, None)
            if path is None:
                break
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status == 200:
                with lock:
                    got[0] += len(body)
                    got[1] += 1
        connection.close()

    def work():
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for _ in range(threads):
                pool.submit(reader)

    seconds = best_seconds(work, 1)
    report("http_pages_per_s/threads", got[1] / seconds, got[0])


async def get(reader, writer, path):
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(":", 1)[1]) for line in lines
                  if line.lower().startswith("content-length:"))
    return status, await reader.readexactly(length)


def pages_by_asyncio(port, clients):
    got = [0, 0]

    async def read_pages(todo):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while todo:
            status, body = await get(reader, writer, todo.pop())
            if status == 200:
                got[0] += len(body)
                got[1] += 1
        writer.close()
        await writer.wait_closed()

    async def main():
        todo = paths()[::-1]
        await asyncio.gather(*(read_pages(todo) for _ in range(clients)))

    seconds = best_seconds(lambda: asyncio.run(main()), 1)
    report("http_pages_per_s/coroutines", got[1] / seconds, got[0])


def echo_round_trips(clients, trips):
    done = [0]

    async def echo(reader, writer):
        try:
            while True:
                writer.write(await reader.readexactly(64))
                await writer.drain()
        except asyncio.IncompleteReadError:
            writer.close()  # the client closed

    async def client(port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        out = b"ping".ljust(64, b"\0")
        for _ in range(trips):
            writer.write(out)
            await writer.drain()
            echoed = await reader.readexactly(64)
            done[0] += 1 if echoed == out else 0  # not "+= await ...": that reads done[0] first
        writer.close()
        await writer.wait_closed()

    async def main():
        server = await asyncio.start_server(echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        await asyncio.gather(*(client(port) for _ in range(clients)))
        server.close()
        await server.wait_closed()

    def work():
        done[0] = 0
        asyncio.run(main())

    seconds = best_seconds(work)
    report("echo_round_trips_per_s/asio_coroutines", done[0] / seconds, done[0])


def serve_http(page_bytes):
    body = b"x" * page_bytes

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the Beast server

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = socket.socket(fileno=3)  # listening already, made by the C++ program
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--port", type=int)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--serve-http", action="store_true")
    parser.add_argument("--page-bytes", type=int, default=20 * 1024)
    options = parser.parse_args()
    if options.serve_http:
        serve_http(options.page_bytes)
    else:
        msgs_2_processes(size(1000, 50_000))
        if options.port:
            pages_by_asyncio(options.port, options.clients)
            pages_by_threads(options.port, options.clients)
        echo_round_trips(options.connections, size(10, 400))
