"""What every chapter's Python twin (chNN/bench/python/questions.py) shares.

A twin measures the same workloads as its chapter's bench/questions.cpp, with CPython's
standard library, and prints one line per figure, "question/variant,value,result", which the
C++ program puts beside its own (see common/include/cookbook/questions.hpp). --quick on the
command line: the small sizes the test uses.
"""
import sys
import time

QUICK = "--quick" in sys.argv[1:]
REPEATS = 3


def size(small, full):
    """The size of a workload: `small` with --quick, else `full`."""
    return small if QUICK else full


def best_seconds(work, repeats=REPEATS):
    """The best (smallest) of `repeats` timings of work(): the run least disturbed."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def report(row, value, result=""):
    """One figure for the C++ program: "question/variant,value,result"."""
    print(f"{row},{value:.6g},{result}", flush=True)
