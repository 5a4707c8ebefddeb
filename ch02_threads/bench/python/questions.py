"""Chapter 2's benchmark questions in CPython, the twin of ../questions.cpp.

The same workloads with the standard library: threading, concurrent.futures, queue. Prints
one line per figure, "question/variant,value,result", for the C++ program to put beside its
own. --quick: the small sizes the test uses.
"""
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from queue import Queue

# The helpers every twin shares: common/python/twin.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "common", "python"))
from twin import REPEATS, best_seconds, report, size  # noqa: E402


def thread_start_join(k):
    ran = [0]

    def body():
        ran[0] += 1  # one thread at a time: no race

    def work():
        for _ in range(k):
            thread = threading.Thread(target=body)
            thread.start()
            thread.join()

    us = best_seconds(work) / k * 1e6
    report("thread_start_join/boost_thread", us, ran[0] // REPEATS)


def pool_tiny_task(k):
    total = [0]

    def work():
        lock = threading.Lock()
        sums = [0]

        def add(i):
            with lock:
                sums[0] += i

        with ThreadPoolExecutor(max_workers=2) as pool:
            for i in range(k):
                pool.submit(add, i)
        total[0] = sums[0]

    report("pool_tiny_task/asio_thread_pool", best_seconds(work) / k * 1e6, total[0])


def queue_2_threads(n):
    total = [0]

    def work():
        items = Queue(maxsize=1024)

        def consume():
            total[0] = sum(items.get() for _ in range(n))

        consumer = threading.Thread(target=consume)
        consumer.start()
        for i in range(n):
            items.put(i)
        consumer.join()

    rate = n / best_seconds(work)
    report("queue_2_threads/sync_bounded_queue", rate, total[0])
    report("queue_2_threads/spsc_queue", rate, total[0])


def round_trips(n, wait, wake):
    def other():
        for _ in range(n):
            wait(1)
            wake(0)

    def work():
        thread = threading.Thread(target=other)
        thread.start()
        for _ in range(n):
            wake(1)
            wait(0)
        thread.join()

    return best_seconds(work) / n * 1e6


def wakeup_round_trip(n):
    condition = threading.Condition()
    turn = [0]

    def wait_turn(side):
        with condition:
            condition.wait_for(lambda: turn[0] == side)

    def give_turn(side):
        with condition:
            turn[0] = side
            condition.notify_all()

    report("wakeup_round_trip/boost_condition", round_trips(n, wait_turn, give_turn), n)

    events = [threading.Event(), threading.Event()]

    def wait_event(side):
        events[side].wait()
        events[side].clear()

    report("wakeup_round_trip/event", round_trips(n, wait_event, lambda s: events[s].set()), n)

    semaphores = [threading.Semaphore(0), threading.Semaphore(0)]
    us = round_trips(n, lambda s: semaphores[s].acquire(), lambda s: semaphores[s].release())
    report("wakeup_round_trip/semaphore", us, n)


def lock_counter_2_threads(k):
    counter = [0]

    def work():
        lock = threading.Lock()
        counter[0] = 0

        def add():
            for _ in range(k):
                with lock:
                    counter[0] += 1

        threads = [threading.Thread(target=add) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    ns = best_seconds(work) / (2 * k) * 1e9
    report("lock_counter_2_threads/boost_mutex", ns, counter[0])


if __name__ == "__main__":
    thread_start_join(size(200, 2000))
    pool_tiny_task(size(2000, 100_000))
    queue_2_threads(size(5000, 200_000))
    wakeup_round_trip(size(500, 20_000))
    lock_counter_2_threads(size(10_000, 500_000))
