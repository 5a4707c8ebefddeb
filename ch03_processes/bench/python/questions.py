"""Chapter 3's benchmark questions in CPython, the twin of ../questions.cpp.

The same workloads with the standard library: subprocess and multiprocessing (its fork and
spawn start methods) to start processes, multiprocessing.shared_memory for bulk bytes.
Prints one line per figure, "question/variant,value,result", for the C++ program to put
beside its own. --quick: the small sizes the test uses.
"""
import multiprocessing
import os
import subprocess
import sys
from multiprocessing import shared_memory

# The helpers every twin shares: common/python/twin.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "common", "python"))
from twin import best_seconds, report, size  # noqa: E402


def child_work():
    pass


def start_wait_us(k, start_and_wait):
    ok = [0]

    def work():
        ok[0] = sum(1 for _ in range(k) if start_and_wait())

    return best_seconds(work) / k * 1e6, ok[0]


def run_process(context):
    process = context.Process(target=child_work)
    process.start()
    process.join()
    return process.exitcode == 0


def process_start_wait(k):
    us, ok = start_wait_us(k, lambda: subprocess.run(["/bin/true"]).returncode == 0)
    report("process_start_wait/child_exec_true", us, ok)
    spawn = multiprocessing.get_context("spawn")
    # spawn starts a fresh interpreter each time: a few per repeat are enough to measure it.
    spawned = max(2, k // 20)
    us, ok = start_wait_us(spawned, lambda: run_process(spawn))
    report("process_start_wait/child_self", us, ok * k // spawned)
    fork = multiprocessing.get_context("fork")
    us, ok = start_wait_us(k, lambda: run_process(fork))
    report("process_start_wait/fork", us, ok)


def shm_bulk_bytes(size_bytes):
    pattern = bytes(range(251))
    source = (pattern * (size_bytes // 251 + 1))[:size_bytes]
    shm = shared_memory.SharedMemory(create=True, size=size_bytes)
    try:
        seconds = best_seconds(lambda: shm.buf.__setitem__(slice(0, size_bytes), source), 5)
        total = sum(shm.buf[::4096])
    finally:
        shm.close()
        shm.unlink()
    rate = size_bytes / seconds / 1e9
    report("shm_bulk_bytes/raw_shared_memory", rate, total)
    report("shm_bulk_bytes/managed_shared_memory", rate, total)


if __name__ == "__main__":
    process_start_wait(size(20, 500))
    shm_bulk_bytes(size(4, 256) << 20)
