// I/O-bound work four ways: serial, a thread per job, a thread pool, and coroutines on one
// thread. The other half of the chapter's headline.
//
// Python: the companion repo's comparison/io_bound_comparison.py: requests.get serial, a
//         Thread per URL, ThreadPoolExecutor, asyncio + aiohttp; time.sleep / asyncio.sleep.
// Boost:  sleep_for and cookbook::http::Client (blocking); boost::thread; asio::thread_pool;
//         co_spawn with asio::steady_timer and http::AsyncClient (coroutines).
//
// I/O-bound work spends its time waiting (for a timer, a disk, a server), not computing. A
// waiting thread uses no CPU, so waits overlap even on one core: here the GIL does not
// matter, and Python's threads and asyncio help as much as C++'s do. Two workloads: K
// simulated waits, and K HTTP fetches from a server on 127.0.0.1 that answers each request
// after a set latency (http::CorpusServer, serving a generated corpus of pages).
// Notice: a thread per job and coroutines take about ONE wait in all, serial takes K; a pool
// sized for the cores (--threads) overlaps only that many waits at a time. Blocking I/O needs
// a thread per wait in flight; a coroutine needs only a small frame on the heap.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/thread/thread.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <numeric>
#include <thread>
#include <vector>

#include "cookbook/asio.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
namespace http = cookbook::http;
using std::chrono::milliseconds;
using Results = std::vector<std::uint64_t>;  // slot i is written by job i alone

namespace {

// Workload 1: wait, then record i + 1.  Blocking (time.sleep) and as a coroutine (asyncio.sleep).
void wait_blocking(int i, milliseconds wait, Results& results) {
    std::this_thread::sleep_for(wait);  // the thread sleeps: it can do nothing else meanwhile
    results[i] = static_cast<std::uint64_t>(i) + 1;
}
asio::awaitable<void> wait_async(int i, milliseconds wait, Results& results) {
    asio::steady_timer timer(co_await asio::this_coro::executor, wait);
    co_await timer.async_wait(asio::use_awaitable);  // the coroutine pauses: the thread runs others
    results[i] = static_cast<std::uint64_t>(i) + 1;
}

// Workload 2: fetch a page, record the hash of its body (0 if the fetch failed).
std::uint64_t hash_of(const http::Page& page) {
    return page.ok() ? http::body_hash(page.body) : 0;
}
void fetch_blocking(const std::string& url, std::uint64_t& result) {
    http::Client client;
    result = hash_of(client.get(url));
}
asio::awaitable<void> fetch_async(std::string url, std::uint64_t& result) {
    http::AsyncClient client(co_await asio::this_coro::executor);
    result = hash_of(co_await client.get(url));
}

struct Workload {
    int jobs;
    std::function<void(int)> blocking;                // job i, the blocking way
    std::function<asio::awaitable<void>(int)> async;  // job i as a coroutine
};

// Runs the workload the four ways, one row each in `table`; returns each way's total.
std::vector<std::uint64_t> compare(const Workload& work, int pool_threads, Results& results,
                                   cookbook::ResultTable& table) {
    std::vector<std::uint64_t> totals;
    auto measure = [&](const std::string& way, int workers, const std::function<void()>& run) {
        std::fill(results.begin(), results.end(), 0);
        cookbook::Stopwatch watch;
        run();
        table.add(way, watch.seconds(), workers);
        totals.push_back(std::accumulate(results.begin(), results.end(), std::uint64_t{0}));
    };
    measure("serial", 1, [&] {
        for (int i = 0; i < work.jobs; ++i) {
            work.blocking(i);
        }
    });
    measure(console::concat(work.jobs, " threads"), work.jobs, [&] {
        std::vector<boost::thread> threads;
        for (int i = 0; i < work.jobs; ++i) {
            threads.emplace_back(work.blocking, i);
        }
        for (auto& thread : threads) {
            thread.join();
        }
    });
    measure(console::concat("thread_pool(", pool_threads, ")"), pool_threads, [&] {
        asio::thread_pool pool(static_cast<std::size_t>(pool_threads));
        for (int i = 0; i < work.jobs; ++i) {
            asio::post(pool, [&work, i] { work.blocking(i); });
        }
        pool.join();
    });
    measure("coroutines, 1 thread", 1, [&] {
        asio::io_context loop;
        for (int i = 0; i < work.jobs; ++i) {
            asio::co_spawn(loop, work.async(i), cookbook::rethrow);
        }
        loop.run();  // returns when every coroutine has finished
    });
    return totals;
}

}  // namespace

int main(int argc, char* argv[]) {
    int waits = 100;
    milliseconds wait(10);
    int pages = 40;
    milliseconds latency(5);
    int threads = static_cast<int>(std::max(1u, boost::thread::hardware_concurrency()));
    std::string csv;
    cookbook::cli::Options options(
        "ch01_io_bound_comparison",
        "Waits and HTTP fetches: serial, threads, thread_pool, coroutines.");
    options.count("waits", waits, "simulated waits", 1, 2000)
        .milliseconds("wait-ms", wait, "length of each wait", milliseconds(0), milliseconds(1000))
        .count("pages", pages, "pages fetched from the loopback server", 1, 1000)
        .milliseconds("latency-ms", latency, "server's delay before each answer", milliseconds(0),
                      milliseconds(1000))
        .count("threads", threads, "threads in the pool (default: the core count)", 1, 256)
        .text("csv", csv, "also write the table to this CSV file");
    options.parse(argc, argv);

    const http::Corpus corpus({.pages = pages, .page_bytes = 4096, .latency = latency});
    http::CorpusServer server(corpus);  // 127.0.0.1, a port the OS picks, its own thread
    // One table, two groups: each group's speedups are against its own serial row.
    cookbook::ResultTable table(console::concat(
        "waits: ", waits, " waits of ", wait.count(), " ms; http: ", pages, " pages from ",
        server.base_url(), ", ", latency.count(), " ms latency each"));

    Results wait_results(static_cast<std::size_t>(waits));
    const Workload waiting{waits, [&](int i) { wait_blocking(i, wait, wait_results); },
                           [&](int i) { return wait_async(i, wait, wait_results); }};
    table.start_group("waits");
    const auto wait_totals = compare(waiting, threads, wait_results, table);

    Results page_results(static_cast<std::size_t>(pages));
    const Workload fetching{pages, [&](int i) { fetch_blocking(server.url(i), page_results[i]); },
                            [&](int i) { return fetch_async(server.url(i), page_results[i]); }};
    table.start_group("http");
    const auto http_totals = compare(fetching, threads, page_results, table);
    table.print();
    if (!csv.empty() && !table.write_csv(csv)) {  // rows named "waits: serial", ...
        return 1;
    }

    const std::uint64_t expected_waits = static_cast<std::uint64_t>(waits) * (waits + 1) / 2;
    bool same = true;
    for (int way = 0; way < 4; ++way) {
        same = same && wait_totals[way] == expected_waits && http_totals[way] == corpus.checksum();
    }
    console::line("same results from all 4 ways: ", same ? "yes" : "no", " (", waits, " waits; ",
                  pages, " pages, checksum equal to the corpus's)");
    if (!same) {
        console::error("a way lost a job, or a fetch failed");
        return 1;
    }
    return 0;
}
