// Evaluating a parallel program: speedup and efficiency measured at 1..N threads, next to
// what Amdahl's and Gustafson's laws predict.
//
// Python: the book's "Evaluating the performance of a parallel program" (text only).
// Boost:  boost::thread for the workers, cookbook::Stopwatch for the clock.
//
// Speedup S(p) = T(1) / T(p); efficiency E(p) = S(p) / p. A job with a serial fraction f
// (here: units of work that main does alone, before the threads start) cannot go faster
// than that part:
//   Amdahl (the same job on more threads):  S(p) = 1 / (f + (1 - f) / p), never above 1/f.
//   Gustafson (a job that grows with p: each thread gets as much parallel work as the whole
//   job had on 1 thread):  S(p) = p - f (p - 1). Its speedup is the time the bigger job would
//   take on one thread (from the 1-thread timings) over the time it took on p threads.
// Both laws assume a core per thread. Notice: up to the core count the measured columns
// follow the laws; past it the speedup stops growing, whatever the laws say.
#include <algorithm>
#include <boost/thread/thread.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

namespace {

// One unit of work, about 0.1 ms of CPU (a xorshift chain whose result is kept). noinline
// keeps every unit the same cost: inlined into a plain loop, the compiler would compute two
// or four units at once with vector instructions, and main's serial units would be cheaper.
[[gnu::noinline]] std::uint64_t unit(std::uint64_t seed) {
    std::uint64_t x = seed + 1;
    for (int i = 0; i < 50'000; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

struct Timing {
    double serial_seconds;    // main alone
    double parallel_seconds;  // the threads
    std::uint64_t checksum;   // sum of every unit's result: the same however it was split
};

// The serial units on this thread, then the parallel units dealt round-robin to `threads`.
Timing run(long serial_units, long parallel_units, int threads) {
    cookbook::Stopwatch watch;
    std::uint64_t checksum = 0;
    for (long i = 0; i < serial_units; ++i) {
        checksum += unit(static_cast<std::uint64_t>(i));
    }
    const double serial_seconds = watch.seconds();
    watch.restart();
    std::vector<std::uint64_t> partial(static_cast<std::size_t>(threads));  // one slot per thread
    std::vector<boost::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&partial, serial_units, parallel_units, threads, t] {
            std::uint64_t sum = 0;
            for (long i = t; i < parallel_units; i += threads) {
                sum += unit(static_cast<std::uint64_t>(serial_units + i));
            }
            partial[t] = sum;
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    for (std::uint64_t sum : partial) {
        checksum += sum;
    }
    return {serial_seconds, watch.seconds(), checksum};
}

// The fastest of `repeat` runs: the first run of anything is slowed by a cold cache and a
// CPU clock still speeding up, and a shared machine adds noise; the minimum is the best guess
// of what the work itself costs. Every run must give the same checksum.
Timing fastest(int repeat, long serial_units, long parallel_units, int threads, bool& same) {
    Timing best = run(serial_units, parallel_units, threads);
    for (int r = 1; r < repeat; ++r) {
        const Timing next = run(serial_units, parallel_units, threads);
        same = same && next.checksum == best.checksum;
        if (next.serial_seconds + next.parallel_seconds <
            best.serial_seconds + best.parallel_seconds) {
            best = next;
        }
    }
    return best;
}

}  // namespace

int main(int argc, char* argv[]) {
    const int cores = static_cast<int>(std::max(1u, boost::thread::hardware_concurrency()));
    int max_threads = std::min(64, 2 * cores);  // the run time grows with its square
    int serial_percent = 10;
    long units = 1000;
    int repeat = 2;
    cookbook::cli::Options options("ch01_amdahl", "Measured speedup against Amdahl and Gustafson.");
    options
        .count("threads", max_threads, "measure at 1..N threads (default: twice the cores)", 1, 64)
        .count("serial-percent", serial_percent, "serial fraction of the job, in percent", 0, 100)
        .count("units", units, "units of work (about 0.1 ms each) in the 1-thread job", 10,
               1'000'000)
        .count("repeat", repeat, "runs per measurement; the fastest counts", 1, 20);
    options.parse(argc, argv);
    const long serial_units = units * serial_percent / 100;  // rounded down to whole units
    const long parallel_units = units - serial_units;
    const double f = static_cast<double>(serial_units) / static_cast<double>(units);  // as run

    bool same_checksum = true;
    const Timing one = fastest(repeat, serial_units, parallel_units, 1, same_checksum);
    const double t1 = one.serial_seconds + one.parallel_seconds;
    console::line(units, " units, ", serial_units, " of them serial (f = ", console::fixed(f, 2),
                  "); 1 thread: ", console::fixed(t1, 3), " s; ",
                  boost::thread::hardware_concurrency(), " cores");
    console::line("threads | same job: speedup efficiency Amdahl | growing job: speedup Gustafson");
    for (int p = 1; p <= max_threads; ++p) {
        const Timing fixed =
            p == 1 ? one : fastest(repeat, serial_units, parallel_units, p, same_checksum);
        same_checksum = same_checksum && fixed.checksum == one.checksum;
        const double speedup = t1 / (fixed.serial_seconds + fixed.parallel_seconds);
        const double amdahl = 1.0 / (f + (1.0 - f) / p);

        const Timing grown = fastest(repeat, serial_units, parallel_units * p, p, same_checksum);
        const double one_thread_estimate = one.serial_seconds + p * one.parallel_seconds;
        const double scaled = one_thread_estimate / (grown.serial_seconds + grown.parallel_seconds);
        const double gustafson = p - f * (p - 1);

        char row[160];
        std::snprintf(row, sizeof row, "%7d | %17.2fx %9.0f%% %5.2fx | %20.2fx %8.2fx", p, speedup,
                      100 * speedup / p, amdahl, scaled, gustafson);
        console::line(row);
    }
    const std::string limit = f > 0 ? console::fixed(1.0 / f, 1) + "x" : "none";
    console::line("same checksum at 1..", max_threads, " threads: ", same_checksum ? "yes" : "no",
                  "; Amdahl's limit for ", std::lround(100 * f), "% serial: ", limit);
    if (!same_checksum) {
        console::error("a split lost or repeated a unit of work");
        return 1;
    }
    return 0;
}
