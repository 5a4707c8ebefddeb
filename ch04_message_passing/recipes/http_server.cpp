// The HTTP server the readers talk to: a generated corpus served on loopback.
//
// Python: http.server (ThreadingHTTPServer + SimpleHTTPRequestHandler) or an aiohttp web app.
// C++:    http::CorpusServer from cookbook/http.hpp: Boost.Beast on C++20 coroutines, one
//         coroutine per connection, HTTP/1.1 keep-alive, a latency per request (--latency-ms)
//         that waits on a timer, not a thread. common/src/http_server.cpp is its source.
//
// A server must answer only for what it serves. SimpleHTTPRequestHandler serves the current
// directory, and path tricks have broken such servers many times; this one maps exactly "/"
// and "/pages/N.html" and answers anything else with a 4xx -- a path with "..", a target
// that is too long, a malformed request, headers that are too large -- and goes on serving.
// By default the recipe checks itself: it reads every page with http::Client, sends the bad
// requests, and stops. With --serve it keeps serving until Ctrl-C (SIGINT) or SIGTERM; try
//   curl -i http://127.0.0.1:PORT/pages/3.html
//   curl -i --path-as-is http://127.0.0.1:PORT/../etc/passwd
// Notice: every bad request gets its own 4xx, and the server still serves a page after them.
#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
namespace http = cookbook::http;

int main(int argc, char* argv[]) {
    int pages = 20, page_bytes = 4096, latency_ms = 0, port = 0, threads = 1;
    bool serve = false;
    cookbook::cli::Options options("ch04_http_server",
                                   "Serves a generated corpus over HTTP/1.1 on loopback.");
    options.count("pages", pages, "pages in the corpus", 1, 100'000)
        .count("page-bytes", page_bytes, "bytes per page", 64, 10'000'000)
        .count("latency-ms", latency_ms, "delay before each answer", 0, 10'000)
        .count("port", port, "port (0: one the OS picks)", 0, 65535)
        .count("threads", threads, "threads running the server", 1, 64)
        .flag("serve", serve, "keep serving until Ctrl-C / SIGTERM instead of checking itself");
    options.parse(argc, argv);

    const http::Corpus corpus({.pages = pages,
                               .page_bytes = std::size_t(page_bytes),
                               .latency = std::chrono::milliseconds(latency_ms)});
    std::unique_ptr<http::CorpusServer> started;
    try {  // a port in use, or one below 1024 without the right to it: bad input, not a crash
        started = std::make_unique<http::CorpusServer>(corpus, static_cast<unsigned short>(port),
                                                       "127.0.0.1", threads);
    } catch (const boost::system::system_error& e) {
        console::error("cannot serve on 127.0.0.1:", port, ": ", e.code().message());
        return 2;
    }
    http::CorpusServer& server = *started;
    console::line("serving ", pages, " pages on ", server.base_url(), "/ (port ", server.port(),
                  ")");

    if (serve) {
        asio::io_context io;
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([](const boost::system::error_code&, int signal) {
            console::line("signal ", signal, ": stopping");
        });
        console::line("press Ctrl-C to stop");
        io.run();  // returns once the signal has been handled
        server.stop();
        console::line("served ", server.requests_served(), " pages, refused ",
                      server.requests_rejected(), " bad requests");
        return 0;
    }

    // The self-check: every page, compared with the corpus.
    http::Client client;
    int correct = 0;
    for (int i = 0; i < pages; ++i) {
        const http::Page page = client.get(server.url(i));
        correct += (page.ok() && page.body == corpus.page(i)) ? 1 : 0;
    }

    // Bad requests. The first ones a client can send; the last two need raw bytes, which
    // http::raw_status writes to a plain socket as they are (common/src/http_client.cpp).
    struct Bad {
        std::string what;
        int status;
    };
    const std::string base = server.base_url();
    std::vector<Bad> bad = {
        {"path with ..", client.get(base + "/pages/../../etc/passwd").status},
        {"file outside the corpus", client.get(base + "/etc/passwd").status},
        {"page that does not exist",
         client.get(base + "/pages/" + std::to_string(pages) + ".html").status},
        {"target of 300 bytes", client.get(base + "/" + std::string(300, 'a')).status},
        {"malformed request line", http::raw_status(server.port(), "GET\r\n\r\n")},
        {"headers over 8 KiB",
         http::raw_status(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                             std::string(9000, 'b') + "\r\n\r\n")},
    };
    int refused = 0;
    for (const auto& request : bad) {
        console::line("  ", request.what, " -> ", request.status);
        refused += (request.status >= 400 && request.status < 500) ? 1 : 0;
    }
    const bool still_serving = client.get(server.url(0)).ok();
    console::line("pages served and checked: ", correct, " of ", pages,
                  "; bad requests answered with 4xx: ", refused, " of ", bad.size(),
                  "; still serving: ", still_serving ? "yes" : "no");
    if (correct != pages || refused != int(bad.size()) || !still_serving) {
        console::error("the server served a wrong page, or answered a bad request without a 4xx");
        return 1;
    }
    return 0;
}
