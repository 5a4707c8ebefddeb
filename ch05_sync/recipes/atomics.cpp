// Atomics: shared counters that are exact without a lock, and what memory orders cost.
//
// Python: nothing -- the GIL hid all of this: one thread runs bytecode at a time, and every
//         hand-over is a full memory barrier (though `counter += 1` was never atomic there).
//         In C++ threads run at once on different cores, `++counter` from two of them is a data
//         race (undefined behaviour), and a core may see another's writes late or reordered.
// std:    std::atomic<T>: each operation is indivisible; its memory order says what *other*
//         memory becomes visible with it.   Boost: boost::atomic<T>, the same interface.
//
// Part 1 counts with fetch_add from N threads: relaxed, seq_cst, boost::atomic, and a local
// count added once at the end. Part 2 times stores. Each time is the best of three runs.
// Part 3 publishes data with a release store and reads it after an acquire load.
// Notice: every count is exact. On x86 a relaxed and a seq_cst fetch_add are the same
// instruction (lock xadd), so they cost the same; a seq_cst *store* needs a fence (xchg) and
// costs many times a relaxed one. The cheapest shared counter is the one touched least.
#include <algorithm>
#include <atomic>
#include <boost/atomic.hpp>
#include <functional>
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/threads.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

namespace {

// Times `run` three times, each after `reset`, and keeps the fastest: whatever else the
// machine does can only make a run slower, so the fastest is the fairest figure.
template <class Reset, class Run>
double best_of_three(Reset reset, Run run) {
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        reset();
        const cookbook::Stopwatch watch;
        run();
        best = std::min(best, watch.seconds());
    }
    return best;
}

// Part 3: the writer fills `data` with plain stores, then sets `ready` with a release store.
// A reader that sees ready == true with an acquire load sees all of data too.
bool publish_and_read(int values) {
    std::vector<int> data(values, 0);
    std::atomic<bool> ready{false};
    bool whole = true;
    std::jthread reader([&] {
        while (!ready.load(std::memory_order_acquire)) {  // guaranteed to end: writer sets it
            std::this_thread::yield();
        }
        for (int i = 0; i < values; ++i) {
            whole = whole && data[i] == i + 1;
        }
    });
    for (int i = 0; i < values; ++i) {
        data[i] = i + 1;  // plain writes...
    }
    ready.store(true, std::memory_order_release);  // ...made visible by this one
    reader.join();
    return whole;
}

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 2;
    long increments = 1'000'000;
    cookbook::cli::Options options("ch05_atomics", "Lock-free counters and memory orders.");
    options.count("threads", threads, "counting threads", 1, 64)
        .count("increments", increments, "increments per thread", 1, 100'000'000);
    options.parse(argc, argv);
    const long expected = threads * increments;

    std::atomic<long> relaxed{0}, seq_cst{0}, local_sum{0};
    boost::atomic<long> boost_counter{0};
    auto report = [&](const char* what, double seconds, long operations) {
        console::line("  ", what, ": ", console::fixed(seconds, 4), " s, ",
                      console::fixed(seconds * 1e9 / static_cast<double>(operations), 2),
                      " ns each");
    };
    auto add_relaxed = [&] {
        for (long i = 0; i < increments; ++i) {
            relaxed.fetch_add(1, std::memory_order_relaxed);
        }
    };
    auto add_seq_cst = [&] {
        for (long i = 0; i < increments; ++i) {
            seq_cst.fetch_add(1);  // seq_cst is the default order
        }
    };
    auto add_boost = [&] {
        for (long i = 0; i < increments; ++i) {
            ++boost_counter;
        }
    };
    auto add_locally = [&] {
        long mine = 0;  // this thread's own: the compiler may fold the loop, as it should
        for (long i = 0; i < increments; ++i) {
            ++mine;
        }
        local_sum.fetch_add(mine, std::memory_order_relaxed);
    };
    console::line("part 1: ", threads, " threads x ", increments, " increments of one counter");
    // Each variant: the best of three runs, each starting from 0 (the last run's count is checked).
    auto count_with = [&](const char* what, auto& counter, std::function<void()> add) {
        const std::vector<std::function<void()>> bodies(threads, add);  // all start together
        report(what, best_of_three([&] { counter = 0; }, [&] { cookbook::run_together(bodies); }),
               expected);
    };
    count_with("fetch_add relaxed", relaxed, add_relaxed);
    count_with("fetch_add seq_cst", seq_cst, add_seq_cst);
    count_with("boost::atomic ++", boost_counter, add_boost);
    count_with("local count, one add", local_sum, add_locally);

    std::atomic<long> stored{0};
    const long stores = 4 * increments;
    auto store_relaxed = [&] {
        for (long i = 0; i < stores; ++i) {
            stored.store(i, std::memory_order_relaxed);
        }
    };
    auto store_seq_cst = [&] {
        for (long i = 0; i < stores; ++i) {
            stored.store(i, std::memory_order_seq_cst);
        }
    };
    console::line("part 2: ", stores, " stores by one thread");
    report("store relaxed", best_of_three([] {}, store_relaxed), stores);
    report("store seq_cst", best_of_three([] {}, store_seq_cst), stores);

    const bool whole = publish_and_read(100'000);
    console::line("part 3: data published with release/acquire seen whole: ", whole ? "yes" : "NO");

    const long counters[] = {relaxed.load(), seq_cst.load(), boost_counter.load(),
                             local_sum.load()};
    const auto exact = std::count(std::begin(counters), std::end(counters), expected);
    console::line("counters exact: ", exact, " of 4 (expected ", expected,
                  " each); published data seen whole: ", whole ? "yes" : "no");
    if (exact != 4 || !whole) {
        console::error("a counter lost an update or published data was seen half-written");
        return 1;
    }
    return 0;
}
