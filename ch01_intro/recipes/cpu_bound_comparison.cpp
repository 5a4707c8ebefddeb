// Counting primes five ways: serial, threads, processes, one event-loop thread, a thread pool.
//
// Python: comparison/cpu_bound_comparison.py (the companion repo): Sequential, Threaded,
//         multiprocessing.Pool, ThreadPoolExecutor, ProcessPoolExecutor, asyncio.
// Boost:  boost::thread; Child::self (the program re-runs itself); io_context; thread_pool.
//
// CPython runs one thread at a time (the GIL): its threads give ~1x here, only processes help.
// C++ has no GIL: threads use every core, processes only add their start-up cost, and an event
// loop on one thread is concurrency without parallelism. The work is dealt in blocks of 1000,
// round-robin like cards (common/work.hpp), so that every worker gets small and large numbers.
// Notice: every model finds the same count; threads, processes and the pool reach about W
// times serial on W cores; io_context about 1x.
#include <algorithm>
#include <atomic>
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
namespace work = cookbook::work;  // count_primes_in_share: worker w of W, blocks dealt like cards
using namespace std::chrono_literals;

namespace {

long with_threads(std::uint64_t limit, int workers) {
    std::vector<long> counts(static_cast<std::size_t>(workers));  // one slot per thread
    std::vector<boost::thread> threads;
    for (int w = 0; w < workers; ++w) {
        threads.emplace_back([&counts, limit, w, workers] {
            counts[w] = work::count_primes_in_share(limit, w, workers);
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return std::accumulate(counts.begin(), counts.end(), 0L);
}

long with_processes(const cookbook::cli::Options& options, int workers) {
    // One slot per child in shared memory: a process's memory is its own (hello_process).
    cookbook::ipc::SharedArray<long> counts(cookbook::ipc::unique_name("primes"), workers);
    std::vector<cookbook::Child> children;
    for (int w = 0; w < workers; ++w) {  // each child: this program with its options, --child w
        children.push_back(cookbook::Child::self(
            options.arguments({"--child", std::to_string(w), "--results", counts.name()})));
    }
    if (!cookbook::wait_all(children, 120s)) {  // one bound for all; each failure is reported
        return -1;
    }
    return std::accumulate(counts.begin(), counts.end(), 0L);  // written by the children
}

// A task per block, posted to an io_context (run by this thread alone) or a thread_pool (its
// threads take tasks as they free up, balancing the load); each adds its count to `total`.
long with_executor(auto& executor, std::atomic<long>& total, std::uint64_t limit, const auto& run) {
    for (std::uint64_t b = 0; b * work::block_size < limit; ++b) {
        asio::post(executor,
                   [&total, limit, b] { total += work::count_primes_in_block(limit, b); });
    }
    run();  // returns when every task has run
    return total;
}

}  // namespace

int main(int argc, char* argv[]) {
    int workers = static_cast<int>(std::max(1u, boost::thread::hardware_concurrency()));
    long limit = 2'000'000;
    int repeat = 3, child = -1;  // child >= 0 only in a child process: which share to count
    std::string csv, results_name;
    cookbook::cli::Options options("ch01_cpu_bound_comparison",
                                   "Counts primes below N serial, with threads, processes, asio.");
    options.count("threads", workers, "threads / processes (default: the core count)", 1, 256)
        .count("limit", limit, "count the primes below this number", 2, 100'000'000)
        .count("repeat", repeat, "runs per model; the table shows the fastest", 1, 20)
        .text("csv", csv, "also write the table to this CSV file")
        .internal("child", child)
        .internal("results", results_name);
    options.parse(argc, argv);
    if (child >= 0) {
        cookbook::ipc::SharedArray<long> counts(results_name);  // the parent's array
        counts[child] = work::count_primes_in_share(limit, child, workers);
        return 0;
    }

    struct Model {
        std::string name;
        int workers;
        std::function<long()> count_primes;
    };
    const std::string w = std::to_string(workers);
    const std::vector<Model> models = {
        {"serial", 1, [&] { return work::count_primes_in_share(limit, 0, 1); }},
        {w + " threads", workers, [&] { return with_threads(limit, workers); }},
        {w + " processes", workers, [&] { return with_processes(options, workers); }},
        {"asio io_context, 1 thread", 1,
         [&] {
             std::atomic<long> total = 0;  // one add per 1000 numbers: no contention to speak of
             asio::io_context loop;
             return with_executor(loop, total, limit, [&] { loop.run(); });
         }},
        {"asio thread_pool, " + w + " threads", workers,
         [&] {
             std::atomic<long> total = 0;  // before the pool: it outlives the pool's threads
             asio::thread_pool pool(static_cast<std::size_t>(workers));
             return with_executor(pool, total, limit, [&] { pool.join(); });
         }},
    };

    std::vector<double> best(models.size(), 1e9);
    std::vector<long> counts;
    for (int round = 0; round < repeat; ++round) {  // a busy moment of the machine hits all alike
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

    const bool all_equal = std::ranges::count(counts, counts[0]) == std::ssize(counts);
    console::line("primes below ", limit, ": ", counts[0], ", the same from all ", models.size(),
                  " models: ", all_equal ? "yes" : "no");
    return all_equal ? 0 : 1;  // "no": a worker process failed (-1), or a split lost a block
}
