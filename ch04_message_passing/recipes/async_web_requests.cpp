// Asynchronous web requests: many requests in flight on one thread, with coroutines.
//
// Python: asyncio + aiohttp: `async with semaphore: await session.get(url)` for every URL,
//         all started with asyncio.gather(); the Semaphore(N) bounds how many run at once.
// C++:    boost::asio::io_context on one thread, C++20 coroutines (co_spawn, co_await) and
//         http::AsyncClient (Boost.Beast): `co_await client.get(url)` suspends the coroutine
//         while the request waits on the network, and the thread runs the other coroutines.
//
// The bound: instead of one coroutine per URL behind a semaphore, start --concurrency worker
// coroutines that take the next URL from a shared index until none is left -- at most N
// requests in flight, and N connections, not one per URL. There is one thread, so the index
// needs no lock (like asyncio, D7): a coroutine can only be interrupted at a co_await.
// A blocking call inside a coroutine (a std::this_thread::sleep_for, a blocking Client) would
// stall all of them: that is the "wrong async" version of the companion repo's url pinger.
// Notice: one thread, yet the time is about pages / concurrency latencies; the checksum is
// the same as the threaded readers'.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"
#include "cookbook/timing.hpp"
#include "readers.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
namespace http = cookbook::http;

namespace {

// One of the N workers: its own connection, URLs taken from the shared index until none left.
asio::awaitable<void> worker(const std::vector<std::string>& urls, std::size_t& next, readers::Tally& tally) {
    http::AsyncClient client(co_await asio::this_coro::executor);
    while (next < urls.size()) {
        const std::string& url = urls[next++];  // no lock: only this thread, no co_await between
        tally.add(co_await client.get(url));   // suspends here; other workers run meanwhile
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    int concurrency = 16;
    readers::Settings settings;
    cookbook::cli::Options options("ch04_async_web_requests", "Reads pages with coroutines, at most N at once.");
    options.count("concurrency", concurrency, "requests in flight at most", 1, 10'000);
    settings.add_to(options);
    options.parse(argc, argv);

    const readers::Source source(settings);
    readers::Tally tally(source.urls().size());
    console::line("reading ", source.urls().size(), " pages with at most ", concurrency,
                  " requests in flight, on one thread");
    asio::io_context io;
    std::size_t next = 0;
    cookbook::Stopwatch watch;
    for (int w = 0; w < concurrency; ++w) {
        asio::co_spawn(io, worker(source.urls(), next, tally), asio::detached);
    }
    io.run();  // returns when every worker has finished: all URLs read or failed
    return tally.report(watch.seconds(), source.expected_checksum());
}
