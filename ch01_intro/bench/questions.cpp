// Chapter 1's benchmark questions (see cookbook/questions.hpp): the speedup of CPU-bound work
// on 2 workers, what a coroutine task costs in time and in memory, and 200 waits of 10 ms on
// one thread. Each against its CPython twin (bench/python/questions.py) and the limit.
#include "cookbook/questions.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>
#include <vector>

#include "cookbook/asio.hpp"
#include "cookbook/work.hpp"

namespace asio = boost::asio;
using cookbook::questions::best_seconds;
using cookbook::questions::Better;
using cookbook::questions::Report;
using namespace std::chrono_literals;

namespace {

constexpr int repeats = 3;
constexpr int workers = 2;

// ---- cpu_speedup_2_workers: count the primes below `limit`, alone and on 2 workers.
long primes_on_threads(std::uint64_t limit) {
    long counts[workers] = {};
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) {
        threads.emplace_back([&counts, limit, w] {
            counts[w] = cookbook::work::count_primes_in_share(limit, w, workers);
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return counts[0] + counts[1];
}

// Each worker a forked child that writes its count into a pipe.
long primes_on_processes(std::uint64_t limit) {
    int fds[2];
    if (::pipe(fds) != 0) {
        return -1;
    }
    std::vector<pid_t> children;
    for (int w = 0; w < workers; ++w) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            const long count = cookbook::work::count_primes_in_share(limit, w, workers);
            const bool written = ::write(fds[1], &count, sizeof count) == sizeof count;
            ::_exit(written ? 0 : 1);
        }
        children.push_back(pid);
    }
    ::close(fds[1]);
    long total = 0, count = 0;
    while (::read(fds[0], &count, sizeof count) == sizeof count) {  // until both have closed
        total += count;
    }
    ::close(fds[0]);
    for (const pid_t pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        total = (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) ? total : -1;
    }
    return total;
}

// ---- async_task: K coroutines that each give the thread away once, then add their number.
asio::awaitable<void> tiny_task(long i, long& total) {
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    total += i;  // one thread: no race
}

// ---- async_task_memory: K coroutines asleep on a timer; what each costs in resident memory.
asio::awaitable<void> sleeper(std::vector<asio::steady_timer>& timers, std::size_t i, long& woken) {
    co_await timers[i].async_wait(asio::as_tuple(asio::use_awaitable));  // cancelled, not an error
    ++woken;
}

// ---- waits_200x10ms: 200 coroutines that each wait 10 ms, on one thread.
asio::awaitable<void> wait_10ms(long& done) {
    asio::steady_timer timer(co_await asio::this_coro::executor, 10ms);
    co_await timer.async_wait(asio::use_awaitable);
    ++done;
}

}  // namespace

int main(int argc, char* argv[]) {
    Report report(argc, argv, "ch01", COOKBOOK_TWIN);
    report.run_twin();

    const auto limit = static_cast<std::uint64_t>(report.size(20'000, 1'000'000));
    long primes = 0;
    const double serial =
        best_seconds(repeats, [&] { primes = cookbook::work::count_primes(0, limit); });
    long on_threads = 0, on_processes = 0;
    const double threads = best_seconds(repeats, [&] { on_threads = primes_on_threads(limit); });
    const double processes =
        best_seconds(repeats, [&] { on_processes = primes_on_processes(limit); });
    const double ideal = std::min(workers, int(std::max(1U, std::thread::hardware_concurrency())));
    report.add({"cpu_speedup_2_workers", "threads", "x", Better::higher, serial / threads, ideal,
                std::to_string(on_threads == primes ? primes : -1)});
    report.add({"cpu_speedup_2_workers", "processes", "x", Better::higher, serial / processes,
                ideal, std::to_string(on_processes == primes ? primes : -1)});

    const long tasks = report.size(2000, 100'000);
    long total = 0;
    const double task_seconds = best_seconds(repeats, [&] {
        asio::io_context io;
        total = 0;
        for (long i = 0; i < tasks; ++i) {
            asio::co_spawn(io, tiny_task(i, total), cookbook::rethrow);
        }
        io.run();
    });
    report.add({"async_task",
                "co_spawn",
                "us/task",
                Better::lower,
                task_seconds / tasks * 1e6,
                {},
                std::to_string(total)});

    const long sleepers = report.size(2000, 100'000);
    long woken = 0;
    double bytes_per_task = 0;
    {
        asio::io_context io;
        std::vector<asio::steady_timer> timers;
        timers.reserve(std::size_t(sleepers));  // counted: a coroutine needs its timer somewhere
        const long before = cookbook::questions::resident_bytes();
        for (long i = 0; i < sleepers; ++i) {
            timers.emplace_back(io, std::chrono::hours(1));
            asio::co_spawn(io, sleeper(timers, std::size_t(i), woken), cookbook::rethrow);
        }
        io.poll();  // every coroutine runs to its first wait
        bytes_per_task = double(cookbook::questions::resident_bytes() - before) / double(sleepers);
        for (auto& timer : timers) {
            timer.cancel();  // wake them all, so that every coroutine ends
        }
        io.run();
    }
    report.add({"async_task_memory",
                "co_spawn",
                "bytes/task",
                Better::lower,
                bytes_per_task,
                {},
                std::to_string(woken)});

    long done = 0;
    const double waits = best_seconds(repeats, [&] {
        asio::io_context io;
        done = 0;
        for (int i = 0; i < 200; ++i) {
            asio::co_spawn(io, wait_10ms(done), cookbook::rethrow);
        }
        io.run();
    });
    report.add({"waits_200x10ms", "coroutines", "ms", Better::lower, waits * 1e3, 10.0,
                std::to_string(done)});
    return report.finish();
}
