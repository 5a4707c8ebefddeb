// CPU-bound work five ways: counting primes serial, with threads, with processes, on one
// event-loop thread, and on a thread pool. The chapter's headline table.
//
// Python: the companion repo's comparison/cpu_bound_comparison.py: Sequential, Threaded,
//         multiprocessing.Pool, ThreadPoolExecutor, ProcessPoolExecutor, asyncio.
// Boost:  boost::thread; cookbook::Child::self (the program re-runs itself);
//         asio::io_context run by one thread; asio::thread_pool.   std: std::thread.
//
// CPython runs one thread at a time (the GIL): threads give ~1x on CPU-bound work, only
// processes help. C++ has no GIL: threads use every core, and processes only
// add their start-up cost. An event loop on one thread is concurrency without parallelism.
// Splitting the work: trial division costs more for larger numbers, so W equal ranges would
// give the last worker the most. Blocks of 1000 dealt round-robin, like cards, give every
// worker small and large numbers (single numbers would not: one worker gets all the evens).
// Notice: every model finds the same count; threads, processes and the pool reach about W
// times serial on W cores (which of them is a little ahead is the machine's noise, not the
// model); io_context about 1x.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/thread/thread.hpp>
#include <cstdint>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/shared_array.hpp"
#include "cookbook/timing.hpp"
#include "cookbook/work.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t block_size = 1000;

long primes_in_block(std::uint32_t limit, std::uint32_t block) {  // [block*1000, +1000)
    return cookbook::work::count_primes(block * block_size,
                                        std::min(limit, (block + 1) * block_size));
}

// Worker `worker` of `workers` counts the blocks worker, worker + workers, ...
long primes_in_share(std::uint32_t limit, int worker, int workers) {
    long count = 0;
    for (auto b = static_cast<std::uint32_t>(worker); b * block_size < limit; b += workers) {
        count += primes_in_block(limit, b);
    }
    return count;
}

long with_threads(std::uint32_t limit, int workers) {
    std::vector<long> counts(static_cast<std::size_t>(workers));  // one slot per thread
    std::vector<boost::thread> threads;
    for (int w = 0; w < workers; ++w) {
        threads.emplace_back(
            [&counts, limit, w, workers] { counts[w] = primes_in_share(limit, w, workers); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return std::accumulate(counts.begin(), counts.end(), 0L);
}

long with_processes(std::uint32_t limit, int workers) {
    // One slot per child in shared memory: a process's memory is its own (hello_process).
    cookbook::ipc::SharedArray<long> counts(cookbook::ipc::unique_name("primes"), workers);
    std::vector<cookbook::Child> children;
    for (int w = 0; w < workers; ++w) {  // each child: this program with --child w
        children.push_back(cookbook::Child::self(
            {"--child", std::to_string(w), "--threads", std::to_string(workers), "--limit",
             std::to_string(limit), "--results", counts.name()}));
    }
    if (!cookbook::wait_all(children, 120s)) {  // one bound for all; each failure is reported
        return -1;
    }
    long total = 0;
    for (int w = 0; w < workers; ++w) {
        total += counts[w];  // written by the child before it exited
    }
    return total;
}

// One task per block, posted to an executor: an io_context (run by this thread alone) or a
// thread_pool (its threads take tasks as they become free, which balances the load too). The
// caller declares `counts` before the executor, so that it outlives the executor's threads.
template <class Context, class Run>
long with_executor(Context& context, std::vector<long>& counts, std::uint32_t limit, Run run) {
    counts.assign((limit + block_size - 1) / block_size, 0);  // one slot per task
    for (std::uint32_t b = 0; b < counts.size(); ++b) {
        asio::post(context, [&counts, limit, b] { counts[b] = primes_in_block(limit, b); });
    }
    run();  // returns when every task has run
    return std::accumulate(counts.begin(), counts.end(), 0L);
}

}  // namespace

int main(int argc, char* argv[]) {
    int workers = static_cast<int>(std::max(1u, boost::thread::hardware_concurrency()));
    long limit = 2'000'000;
    int repeat = 3;
    std::string csv;
    int child = -1;  // >= 0 only in a child process: which share to count
    std::string results_name;
    cookbook::cli::Options options("ch01_cpu_bound_comparison",
                                   "Counts primes below N serial, with threads, processes, asio.");
    options.count("threads", workers, "threads / processes (default: the core count)", 1, 256)
        .count("limit", limit, "count the primes below this number", 2, 100'000'000)
        .count("repeat", repeat, "runs per model; the table shows the fastest", 1, 20)
        .text("csv", csv, "also write the table to this CSV file")
        .internal("child", child)
        .internal("results", results_name);
    options.parse(argc, argv);
    const auto n = static_cast<std::uint32_t>(limit);
    if (child >= 0) {
        cookbook::ipc::SharedArray<long> counts(results_name);  // the parent's array
        counts[child] = primes_in_share(n, child, workers);
        return 0;
    }

    struct Model {
        std::string name;
        int workers;
        std::function<long()> count_primes;
    };
    const std::string w = std::to_string(workers);
    const std::vector<Model> models = {
        {"serial", 1, [&] { return primes_in_share(n, 0, 1); }},
        {w + " threads", workers, [&] { return with_threads(n, workers); }},
        {w + " processes", workers, [&] { return with_processes(n, workers); }},
        {"asio io_context, 1 thread", 1,
         [&] {
             std::vector<long> counts;
             asio::io_context loop;
             return with_executor(loop, counts, n, [&] { loop.run(); });
         }},
        {"asio thread_pool, " + w + " threads", workers,
         [&] {
             std::vector<long> counts;  // before the pool: destroyed after its threads end
             asio::thread_pool pool(static_cast<std::size_t>(workers));
             return with_executor(pool, counts, n, [&] { pool.join(); });
         }},
    };

    // Round after round of every model, so that a busy moment of the machine hits all alike.
    std::vector<double> best(models.size(), 1e9);
    std::vector<long> counts;
    for (int round = 0; round < repeat; ++round) {
        for (std::size_t m = 0; m < models.size(); ++m) {
            cookbook::Stopwatch watch;
            counts.push_back(models[m].count_primes());
            best[m] = std::min(best[m], watch.seconds());
        }
    }
    cookbook::ResultTable table(console::concat("primes below ", limit, ", fastest of ", repeat,
                                                " runs, on ", workers, " threads/processes"));
    for (std::size_t m = 0; m < models.size(); ++m) {
        table.add(models[m].name, best[m], models[m].workers);
    }
    table.print();
    if (!csv.empty() && !table.write_csv(csv)) {
        return 1;
    }
    console::line("speedup with ", workers,
                  " threads: ", console::fixed(table.rows()[1].speedup, 2),
                  "x (CPython's threads: about 1x however many, because of the GIL)");

    const bool all_equal =
        std::all_of(counts.begin(), counts.end(), [&](long c) { return c == counts[0]; });
    console::line("primes below ", limit, ": ", counts[0], ", the same from all ", models.size(),
                  " models: ", all_equal ? "yes" : "no");
    if (!all_equal) {
        console::error(
            "the models disagree: a worker process failed (-1), or a split lost or "
            "double-counted a block");
        return 1;
    }
    return 0;
}
