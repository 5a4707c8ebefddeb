"""Chapter 1's benchmark questions in CPython, the twin of ../questions.cpp.

The same workloads with the standard library: threading and multiprocessing for CPU-bound
work, asyncio for tasks and waits. Prints one line per figure, "question/variant,value,result",
for the C++ program to put beside its own. --quick: the small sizes the test uses.
"""
import asyncio
import multiprocessing
import os
import sys
import threading

# The helpers every twin shares: common/python/twin.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "common", "python"))
from twin import best_seconds, report, size  # noqa: E402

BLOCK = 1000  # numbers per block; blocks are dealt to the workers like cards
WORKERS = 2


def resident_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def is_prime(n):
    if n < 4 or n % 2 == 0:
        return n == 2 or n == 3
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes_in_share(limit, worker):
    count = 0
    for first in range(worker * BLOCK, limit, WORKERS * BLOCK):
        count += sum(1 for n in range(first, min(limit, first + BLOCK)) if is_prime(n))
    return count


def cpu_speedup_2_workers(limit):
    primes = [0, 0, 0]

    def serial():
        primes[0] = sum(1 for n in range(limit) if is_prime(n))

    def on_threads():
        counts = [0] * WORKERS

        def work(w):
            counts[w] = count_primes_in_share(limit, w)

        threads = [threading.Thread(target=work, args=(w,)) for w in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        primes[1] = sum(counts)

    def on_processes():
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            primes[2] = sum(pool.starmap(count_primes_in_share, [(limit, w) for w in range(WORKERS)]))

    alone = best_seconds(serial, 1)
    report("cpu_speedup_2_workers/threads", alone / best_seconds(on_threads, 1), primes[1])
    report("cpu_speedup_2_workers/processes", alone / best_seconds(on_processes, 1), primes[2])


def async_task(k):
    total = [0]

    async def tiny_task(i):
        await asyncio.sleep(0)  # gives the loop away once
        total[0] += i

    async def main():
        await asyncio.gather(*(asyncio.create_task(tiny_task(i)) for i in range(k)))

    def work():
        total[0] = 0
        asyncio.run(main())

    report("async_task/co_spawn", best_seconds(work) / k * 1e6, total[0])


def async_task_memory(k):
    result = {}

    async def main():
        woken = [0]

        async def sleeper():
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                woken[0] += 1

        before = resident_bytes()
        tasks = [asyncio.create_task(sleeper()) for _ in range(k)]
        await asyncio.sleep(0)  # every task runs to its first wait
        result["bytes"] = (resident_bytes() - before) / k
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks)
        result["woken"] = woken[0]

    asyncio.run(main())
    report("async_task_memory/co_spawn", result["bytes"], result["woken"])


def waits_200x10ms():
    done = [0]

    async def wait_10ms():
        await asyncio.sleep(0.010)
        done[0] += 1

    async def main():
        await asyncio.gather(*(wait_10ms() for _ in range(200)))

    def work():
        done[0] = 0
        asyncio.run(main())

    report("waits_200x10ms/coroutines", best_seconds(work) * 1e3, done[0])


if __name__ == "__main__":
    cpu_speedup_2_workers(size(20_000, 1_000_000))
    async_task(size(2000, 100_000))
    async_task_memory(size(2000, 100_000))
    waits_200x10ms()
