// I/O-bound work four ways: serial, a thread per job, a thread pool, coroutines on one thread.
//
// Python: comparison/io_bound_comparison.py (the companion repo): requests.get serial, a
//         Thread per URL, ThreadPoolExecutor, asyncio + aiohttp; time.sleep / asyncio.sleep.
// Boost:  boost::thread, asio::thread_pool, co_spawn + steady_timer; common's HTTP clients.
//
// A waiting thread uses no CPU, so waits overlap even on one core: the GIL does not matter
// here. Two workloads: K waits, and K fetches from a loopback server with a set latency.
// Notice: a thread per job and coroutines take about ONE wait in all, serial takes K, a pool
// of --threads overlaps that many at a time; a coroutine costs a small heap frame, not a thread.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/thread/thread.hpp>
#include <cstdint>
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
using namespace std::chrono_literals;

namespace {

// Workload 1: wait, then answer i + 1.  Blocking (time.sleep) and as a coroutine (asyncio.sleep).
std::uint64_t wait_blocking(int i, milliseconds wait) {
    std::this_thread::sleep_for(wait);  // the thread sleeps: it can do nothing else meanwhile
    return i + 1;
}
asio::awaitable<std::uint64_t> wait_async(int i, milliseconds wait) {
    asio::steady_timer timer(co_await asio::this_coro::executor, wait);
    co_await timer.async_wait(asio::use_awaitable);  // the coroutine pauses: the thread runs others
    co_return i + 1;
}

// Workload 2: fetch a page, answer the hash of its body (0 if the fetch failed).
std::uint64_t fetch_blocking(const std::string& url) {
    const http::Page page = http::Client().get(url);
    return page.ok() ? http::body_hash(page.body) : 0;
}
asio::awaitable<std::uint64_t> fetch_async(std::string url) {
    http::AsyncClient client(co_await asio::this_coro::executor);
    const http::Page page = co_await client.get(url);
    co_return page.ok() ? http::body_hash(page.body) : 0;
}
asio::awaitable<void> store(asio::awaitable<std::uint64_t> job, std::uint64_t& slot) {
    slot = co_await std::move(job);  // a coroutine's answer, into its slot
}

// Runs jobs 0..jobs-1 (blocking(i), or async(i) as a coroutine) four ways, a row each in
// `table`; returns each way's sum of the answers.
std::vector<std::uint64_t> compare(int jobs, int pool_threads, cookbook::ResultTable& table,
                                   const auto& blocking, const auto& async) {
    std::vector<std::uint64_t> answers(static_cast<std::size_t>(jobs)), totals;
    auto job = [&](int i) { answers[i] = blocking(i); };  // slot i is written by job i alone
    auto measure = [&](const std::string& way, int workers, const auto& run) {
        std::fill(answers.begin(), answers.end(), 0);
        cookbook::Stopwatch watch;
        run();
        table.add(way, watch.seconds(), workers);
        totals.push_back(std::accumulate(answers.begin(), answers.end(), std::uint64_t{0}));
    };
    measure("serial", 1, [&] {
        for (int i = 0; i < jobs; ++i) {
            job(i);
        }
    });
    measure(console::concat(jobs, " threads"), jobs, [&] {
        std::vector<boost::thread> threads;
        for (int i = 0; i < jobs; ++i) {
            threads.emplace_back(job, i);
        }
        for (auto& thread : threads) {
            thread.join();
        }
    });
    measure(console::concat("thread_pool(", pool_threads, ")"), pool_threads, [&] {
        asio::thread_pool pool(static_cast<std::size_t>(pool_threads));
        for (int i = 0; i < jobs; ++i) {
            asio::post(pool, [&job, i] { job(i); });
        }
        pool.join();
    });
    measure("coroutines, 1 thread", 1, [&] {
        asio::io_context loop;
        for (int i = 0; i < jobs; ++i) {
            asio::co_spawn(loop, store(async(i), answers[i]), cookbook::rethrow);
        }
        loop.run();  // returns when every coroutine has finished
    });
    return totals;
}

}  // namespace

int main(int argc, char* argv[]) {
    int waits = 100, pages = 40;
    milliseconds wait(10), latency(5);
    int threads = static_cast<int>(std::max(1u, boost::thread::hardware_concurrency()));
    std::string csv;
    cookbook::cli::Options options("ch01_io_bound_comparison",
                                   "Waits and HTTP fetches, serial and three ways at once.");
    options.count("waits", waits, "simulated waits", 1, 2000)
        .milliseconds("wait-ms", wait, "length of each wait", 0ms, 1000ms)
        .count("pages", pages, "pages fetched from the loopback server", 1, 1000)
        .milliseconds("latency-ms", latency, "server's delay before each answer", 0ms, 1000ms)
        .count("threads", threads, "threads in the pool (default: the core count)", 1, 256)
        .text("csv", csv, "also write the table to this CSV file");
    options.parse(argc, argv);

    const http::Corpus corpus({.pages = pages, .page_bytes = 4096, .latency = latency});
    http::CorpusServer server(corpus);  // 127.0.0.1, a port the OS picks, its own thread
    cookbook::ResultTable table(console::concat(
        "waits: ", waits, " waits of ", wait.count(), " ms; http: ", pages, " pages from ",
        server.base_url(), ", ", latency.count(), " ms latency each"));

    table.start_group("waits");  // a group's speedups are over its own serial row
    const auto wait_totals = compare(
        waits, threads, table, [&](int i) { return wait_blocking(i, wait); },
        [&](int i) { return wait_async(i, wait); });
    table.start_group("http");
    const auto http_totals = compare(
        pages, threads, table, [&](int i) { return fetch_blocking(server.url(i)); },
        [&](int i) { return fetch_async(server.url(i)); });
    table.print();
    if (!csv.empty() && !table.write_csv(csv)) {  // rows named "waits: serial", ...
        return 1;
    }

    const auto expected_waits = std::uint64_t(waits) * (waits + 1) / 2;  // 1 + 2 + ... + waits
    const bool same = std::ranges::count(wait_totals, expected_waits) == 4 &&
                      std::ranges::count(http_totals, corpus.checksum()) == 4;
    console::line("same results from all 4 ways: ", same ? "yes" : "no", " (", waits, " waits; ",
                  pages, " pages, checksum equal to the corpus's)");
    return same ? 0 : 1;  // "no": a way lost a job, or a fetch failed
}
