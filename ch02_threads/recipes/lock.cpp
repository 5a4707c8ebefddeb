// Thread synchronisation with a lock: only one thread at a time in a critical section.
//
// Python: threading.Lock, with acquire()/release() or `with lock:`.
// Boost:  boost::mutex + boost::lock_guard;   std: std::mutex + std::lock_guard / scoped_lock.
// The guard is the C++ form of Python's `with lock:` -- it unlocks on every way out of its
// scope, an exception included, which the book's bare acquire()/release() calls do not.
//
// Part 1: N threads add 1 to a shared counter many times, each addition under the mutex.
//         Notice: the final counter is exact on every run (without the lock it is not: see
//         race_condition).
// Part 2: how much to lock (the book's MyThreadClass_lock.py vs MyThreadClass_lock_2.py).
//         Holding the lock while working serialises the threads; locking only the shared
//         update lets the work run in parallel. Notice the time of the two variants.
#include <boost/thread/lock_guard.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/thread.hpp>
#include <cstdint>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"
#include "cookbook/trace.hpp"

namespace console = cookbook::console;
namespace trace = cookbook::trace;  // --trace FILE: a timeline of part 2

namespace {

// About a millisecond of CPU work (a xorshift random-number chain) whose result we keep,
// so that the compiler cannot remove it.
std::uint64_t work_item(std::uint64_t seed) {
    std::uint64_t x = seed + 1;
    for (int i = 0; i < 500'000; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

// Runs `body(t)` on `threads` threads and joins them all.
template <class Body>
void run_threads(int threads, Body body) {
    std::vector<boost::thread> running;
    for (int t = 0; t < threads; ++t) {
        running.emplace_back([body, t] {
            trace::name_thread("thread " + std::to_string(t));
            body(t);
        });
    }
    const trace::Span joining("joining", "wait");
    for (auto& thread : running) {
        thread.join();
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 4;
    long increments = 250'000;
    int tasks = 25;
    cookbook::cli::Options options("ch02_lock", "A shared counter under boost::mutex.");
    options.count("threads", threads, "number of threads", 1, 256)
        .count("increments", increments, "increments per thread", 1, 100'000'000)
        .count("tasks", tasks, "work items per thread in part 2", 1, 10'000);
    options.parse(argc, argv);

    // Part 1: the counter.
    boost::mutex counter_mutex;
    long counter = 0;  // shared: read and written only while counter_mutex is held
    cookbook::Stopwatch watch;
    run_threads(threads, [&](int) {
        for (long i = 0; i < increments; ++i) {
            const boost::lock_guard<boost::mutex> guard(counter_mutex);
            ++counter;
        }  // guard unlocks here, every iteration
    });
    const long expected = threads * increments;
    console::line("part 1: ", threads, " threads x ", increments, " locked increments in ",
                  console::fixed(watch.seconds(), 3), " s");

    // Part 2: the same work and the same total, with the lock held long or short.
    boost::mutex total_mutex;
    std::uint64_t total_wide = 0;  // unsigned: wrapping around on overflow is well defined
    std::uint64_t total_narrow = 0;
    watch.restart();
    run_threads(threads, [&](int t) {
        for (int task = 0; task < tasks; ++task) {
            const auto asked = trace::now();
            const boost::lock_guard<boost::mutex> guard(total_mutex);  // held during the work
            trace::span_since(asked, "waiting for the lock", "wait");
            const trace::Span holding("holding the lock: work + add", "hold");
            total_wide += work_item(t * tasks + task);
        }
    });
    const double wide_seconds = watch.seconds();
    watch.restart();
    run_threads(threads, [&](int t) {
        for (int task = 0; task < tasks; ++task) {
            std::uint64_t result = 0;
            {
                const trace::Span working("working, no lock", "work");
                result = work_item(t * tasks + task);  // work without the lock
            }
            const auto asked = trace::now();
            const boost::lock_guard<boost::mutex> guard(total_mutex);
            trace::span_since(asked, "waiting for the lock", "wait");
            const trace::Span holding("holding the lock: add", "hold");
            total_narrow += result;  // lock only the shared update
        }
    });
    const double narrow_seconds = watch.seconds();
    const bool totals_agree = total_wide == total_narrow;
    console::line("part 2: lock held while working: ", console::fixed(wide_seconds, 3),
                  " s; lock held only to add: ", console::fixed(narrow_seconds, 3),
                  " s (same total: ", totals_agree ? "yes" : "no", ")");

    console::line("final counter: ", counter, " (expected ", expected, ")");
    if (counter != expected || !totals_agree) {
        console::error("wrong result: a lost update means the lock did not protect the data");
        return 1;
    }
    return 0;
}
