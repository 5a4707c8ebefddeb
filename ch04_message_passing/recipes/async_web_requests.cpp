// Asynchronous web requests: many requests in flight on one thread, with coroutines.
//
// Python: asyncio + aiohttp: `async with semaphore: await session.get(url)` for every URL,
//         all started with asyncio.gather(); the Semaphore(N) bounds how many run at once.
// C++:    boost::asio::io_context on one thread, C++20 coroutines (co_spawn, co_await), and
//         Boost.Beast for HTTP, written out in fetch(): resolve and connect, async_write a
//         request, async_read the response into a flat_buffer. Each co_await suspends the
//         coroutine while it waits on the network, and the thread runs the other coroutines.
//         beast::tcp_stream's expires_after() is the timeout: a server that does not answer
//         within --timeout-ms fails the request ("timed out"), it does not hold a worker for ever.
//         (The name lookup before the connect has no deadline: loopback answers at once, and
//         for a real host name the system resolver gives up by itself.)
//
// The bound: instead of one coroutine per URL behind a semaphore, start --concurrency worker
// coroutines that take the next URL from a shared index until none is left -- at most N
// requests in flight, and N connections (each kept open between its requests: keep-alive),
// not one per URL. There is one thread, so the index needs no lock (like asyncio): a
// coroutine can only be interrupted at a co_await.
// A blocking call inside a coroutine (a std::this_thread::sleep_for, a blocking Client) would
// stall all of them: that is the "wrong async" version of the companion repo's url pinger.
// Notice: one thread, yet the time is about pages / concurrency latencies; the checksum is
// the same as the threaded readers'.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"
#include "cookbook/readers.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace console = cookbook::console;
namespace http = cookbook::http;
namespace readers = cookbook::readers;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

namespace {

// One worker's connection to a server, kept open from one request to the next.
struct Connection {
    explicit Connection(asio::any_io_executor executor) : stream(std::move(executor)) {}
    beast::tcp_stream stream;   // a TCP socket with a deadline for its operations
    beast::flat_buffer buffer;  // bytes read past a response belong to the next one
    std::string server;         // the "host:port" it is connected to; empty: not connected
    void close() {
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.close();
        buffer.clear();
        server.clear();
    }
};

// GET one URL with Beast. Never throws: what went wrong goes into page.error.
asio::awaitable<http::Page> fetch(Connection& connection, std::string url_text,
                                  std::chrono::milliseconds timeout) {
    http::Page page;
    page.url = url_text;
    const auto url = http::parse_url(url_text);  // "http://host:port/target" -> its parts
    if (!url) {
        page.error = "not an http:// URL";
        co_return page;
    }
    try {
        if (connection.server != url->host + ":" + url->port) {  // not connected there yet
            connection.close();
            tcp::resolver resolver(co_await asio::this_coro::executor);
            const auto endpoints =
                co_await resolver.async_resolve(url->host, url->port, use_awaitable);
            connection.stream.expires_after(timeout);
            co_await connection.stream.async_connect(endpoints, use_awaitable);
            connection.server = url->host + ":" + url->port;
        }
        bhttp::request<bhttp::empty_body> request{bhttp::verb::get, url->target, 11};  // HTTP/1.1
        request.set(bhttp::field::host, url->host_header);
        request.keep_alive(true);
        connection.stream.expires_after(timeout);  // the deadline for the write and the read
        co_await bhttp::async_write(connection.stream, request, use_awaitable);
        bhttp::response_parser<bhttp::string_body> response;
        response.body_limit(64 << 20);  // Beast refuses bodies over 8 MiB unless told
        co_await bhttp::async_read(connection.stream, connection.buffer, response, use_awaitable);
        page.status = static_cast<int>(response.get().result_int());
        page.body = std::move(response.get().body());
        if (!response.get().keep_alive()) {
            connection.close();  // the server closes its end after this answer
        }
    } catch (const boost::system::system_error& e) {
        connection.close();  // in an unknown state now: the next request connects afresh
        page.error = e.code() == beast::error::timeout ? "timed out" : e.code().message();
    }
    co_return page;
}

// One of the N workers: its own connection, URLs taken from the shared index until none left.
asio::awaitable<void> worker(const std::vector<std::string>& urls, std::size_t& next,
                             readers::Tally& tally, std::chrono::milliseconds timeout) {
    Connection connection(co_await asio::this_coro::executor);
    while (next < urls.size()) {
        const std::string& url = urls[next++];  // no lock: only this thread, no co_await between
        tally.add(
            co_await fetch(connection, url, timeout));  // suspends; other workers run meanwhile
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    int concurrency = 16;
    readers::Settings settings;
    cookbook::cli::Options options("ch04_async_web_requests",
                                   "Reads pages with coroutines, at most N at once.");
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
        asio::co_spawn(io, worker(source.urls(), next, tally, settings.timeout()), asio::detached);
    }
    io.run();  // returns when every worker has finished: all URLs read or failed
    return tally.report(watch.seconds(), source.expected_checksum());
}
