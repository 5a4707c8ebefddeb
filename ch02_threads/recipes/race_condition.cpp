// A race condition: lost updates when threads read-modify-write shared data unprotected.
//
// Python: the classic `counter += 1` from several threads (in CPython the GIL makes the loss
// rare, not impossible). C++: the same, and the fix: an atomic read-modify-write
// (std::atomic::fetch_add) or a mutex (see lock).
//
// This recipe shows a real bug without undefined behaviour. A plain `long counter; ++counter`
// from two threads is a *data race*, which C++ declares undefined: the compiler may do
// anything, and ThreadSanitizer reports it. Here each thread instead does an atomic load, then
// an atomic store of the loaded value + 1: every access is well defined, but another thread
// can store between our load and our store, and then one of the two increments is lost.
// That is a *race condition* (a logic bug), the thing Python programmers meet.
// Notice: the unprotected total is usually below the expected one, and differs between runs
// (on one core it may even be right: the loss needs two threads to interleave); the
// fetch_add total is exact every time.
#include <atomic>
#include <boost/thread/thread.hpp>
#include <latch>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

namespace {

// Runs `body` on `threads` threads, `increments` times each, and joins them. The threads
// start counting together (a latch), so they really overlap: a thread started later could
// otherwise finish its short loop before the next one begins, and nothing would be lost.
template <class Body>
void run_threads(int threads, long increments, Body body) {
    std::latch start_line(threads);
    std::vector<boost::thread> running;
    for (int t = 0; t < threads; ++t) {
        running.emplace_back([=, &start_line] {
            start_line.arrive_and_wait();
            for (long i = 0; i < increments; ++i) {
                body();
            }
        });
    }
    for (auto& thread : running) {
        thread.join();
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 4;
    long increments = 1'000'000;
    cookbook::cli::Options options(
        "ch02_race_condition", "Lost updates from an unprotected read-modify-write, and the fix.");
    options.count("threads", threads, "number of threads", 1, 256)
        .count("increments", increments, "increments per thread", 1, 100'000'000);
    options.parse(argc, argv);
    const long expected = threads * increments;

    // The bug: read, then write back. Between the two, another thread's update can land
    // and be overwritten.
    std::atomic<long> unprotected{0};
    run_threads(threads, increments, [&unprotected] {
        const long seen = unprotected.load(std::memory_order_relaxed);
        unprotected.store(seen + 1, std::memory_order_relaxed);
    });

    // The fix: one indivisible read-modify-write. memory_order_relaxed is enough here: the
    // counters publish no other data, and main reads them after join(), which orders every
    // increment before the read. Elsewhere it needs that argument (ch05's atomics recipe).
    std::atomic<long> protected_counter{0};
    run_threads(threads, increments, [&protected_counter] {
        protected_counter.fetch_add(1, std::memory_order_relaxed);
    });

    const long lost = expected - unprotected.load();
    console::line(
        "unprotected load + store: ", unprotected.load(), " (", lost, " updates lost, ",
        console::fixed(100.0 * static_cast<double>(lost) / static_cast<double>(expected), 1), "%)");
    console::line("atomic fetch_add:         ", protected_counter.load());
    console::line("unprotected <= expected: ", unprotected.load() <= expected ? "yes" : "no",
                  "; protected total: ", protected_counter.load(), " (expected ", expected, ")");
    if (protected_counter.load() != expected || unprotected.load() > expected) {
        console::error("impossible totals: an update was counted twice or lost by fetch_add");
        return 1;
    }
    return 0;
}
