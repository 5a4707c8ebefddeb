// An HTTP server with Boost.Beast, written out: the kind of server the readers talk to.
//
// Python: http.server.ThreadingHTTPServer + SimpleHTTPRequestHandler, or an aiohttp web app.
// C++:    Boost.Beast on Asio's coroutines: listen() accepts and co_spawns a session() per
//         connection (common's http::CorpusServer is this server with more threads).
// A server must answer only what is on its list (the defence against "../" tricks); limit
// headers (431), targets (414), methods (405), non-HTTP bytes (400); bound every read and
// write; read what a refused client still sends before closing (a reset can destroy the
// answer); stop gracefully. Notice: each bad request gets its 4xx, and the server serves on.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <set>
#include <thread>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace console = cookbook::console;
namespace http = cookbook::http;
using tcp = asio::ip::tcp;
using Response = bhttp::response<bhttp::string_body>;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

class Server {  // everything runs on one thread: the io_context's
  public:
    Server(asio::io_context& io, const http::Corpus& corpus, unsigned short port)
        : corpus_(corpus),
          acceptor_(io, {asio::ip::make_address("127.0.0.1"), port}),
          port_(acceptor_.local_endpoint().port()) {  // read once: main asks from its thread
        asio::co_spawn(io, listen(), asio::detached);
    }
    unsigned short port() const { return port_; }
    void stop() {  // the graceful stop; runs on the io_context's thread
        stopping_ = true;
        acceptor_.close();            // no new connections
        for (auto* stream : idle_) {  // connections waiting for a request: their read ends
            stream->socket().cancel();
        }
    }

  private:
    asio::awaitable<void> listen() {
        while (!stopping_) {
            auto [error, socket] = co_await acceptor_.async_accept(use_tuple);
            if (!error) {
                asio::co_spawn(acceptor_.get_executor(), session(std::move(socket)),
                               asio::detached);
            } else if (!stopping_) {  // out of descriptors, say: breathe instead of spinning
                asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
                co_await pause.async_wait(use_tuple);
            }
        }
    }

    asio::awaitable<void> session(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        bool refused = false;
        while (!stopping_ && !refused) {
            bhttp::request_parser<bhttp::empty_body> parser;
            parser.header_limit(8 * 1024);
            stream.expires_after(std::chrono::seconds(30));  // an idle client is let go
            idle_.insert(&stream);
            const auto [error, bytes] =
                co_await bhttp::async_read(stream, buffer, parser, use_tuple);
            idle_.erase(&stream);
            if (error == bhttp::error::end_of_stream || error == bhttp::error::partial_message ||
                (error && error.category() !=  // not one of Beast's own parse errors
                              bhttp::make_error_code(bhttp::error::bad_target).category())) {
                break;  // the client left, went quiet for too long, or the server stops
            }
            Response response = answer(parser, error);
            refused = response.result() != bhttp::status::ok;  // and then the connection ends
            response.keep_alive(!refused && parser.get().keep_alive());
            stream.expires_after(std::chrono::seconds(30));
            co_await bhttp::async_write(stream, response, use_tuple);
            refused = refused || !response.keep_alive();
        }
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.expires_after(std::chrono::seconds(1));  // the lingering close: at most 1 s,
        for (std::size_t drained = 0; refused && drained < 64 * 1024;) {  // and 64 KiB
            char bytes[4096];
            const auto [error, read] =
                co_await stream.async_read_some(asio::buffer(bytes), use_tuple);
            drained += error ? 64 * 1024 : read;
        }
    }

    // The answer to what the parser made of the bytes: a request, or an error of its own.
    Response answer(const bhttp::request_parser<bhttp::empty_body>& parser,
                    beast::error_code error) const {
        const auto& request = parser.get();
        if (error == bhttp::error::header_limit) {
            return reply(bhttp::status::request_header_fields_too_large, "headers too big\n");
        }
        if (error) {  // these bytes are not an HTTP request
            return reply(bhttp::status::bad_request, "not an HTTP request\n");
        }
        if (request.method() != bhttp::verb::get) {
            return reply(bhttp::status::method_not_allowed, "GET only\n");
        }
        if (request.target().size() > 256) {
            return reply(bhttp::status::uri_too_long, "target too long\n");
        }
        // Only what is on the list ("/" and "/pages/N.html"), however else a target is spelled.
        if (auto body = corpus_.lookup(request.target())) {
            return reply(bhttp::status::ok, std::move(*body), "text/html");
        }
        return reply(bhttp::status::not_found, "no such page\n");
    }

    static Response reply(bhttp::status status, std::string body, const char* type = "text/plain") {
        Response response{status, 11};
        response.set(bhttp::field::content_type, type);
        response.body() = std::move(body);
        response.prepare_payload();
        return response;
    }

    const http::Corpus& corpus_;
    tcp::acceptor acceptor_;
    const unsigned short port_;
    std::set<beast::tcp_stream*> idle_;  // one thread: no lock
    bool stopping_ = false;
};

int main(int argc, char* argv[]) {
    int pages = 20, page_bytes = 4096, port = 0;  // port 0: one the OS picks
    bool serve = false;
    cookbook::cli::Options options("ch04_http_server", "An HTTP server with Boost.Beast.");
    options.count("pages", pages, "pages in the corpus", 1, 100'000)
        .count("page-bytes", page_bytes, "bytes per page", 64, 10'000'000)
        .count("port", port, "port (0: one the OS picks)", 0, 65535)
        .flag("serve", serve, "serve until Ctrl-C / SIGTERM instead of checking itself");
    options.parse(argc, argv);

    const http::Corpus corpus({.pages = pages, .page_bytes = std::size_t(page_bytes)});
    asio::io_context io;
    std::optional<Server> server;
    try {  // a port in use, or one below 1024 without the right to it: bad input, not a crash
        server.emplace(io, corpus, static_cast<unsigned short>(port));
    } catch (const boost::system::system_error& e) {
        console::error("cannot serve on 127.0.0.1:", port, ": ", e.code().message());
        return 2;
    }
    const std::string base = "http://127.0.0.1:" + std::to_string(server->port());
    console::line("serving ", pages, " pages on ", base, "/ (port ", server->port(), ")");
    if (serve) {
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](beast::error_code, int) { server->stop(); });
        console::line("press Ctrl-C to stop");
        io.run();  // returns when the stop has ended every connection
        console::line("stopped");
        return 0;
    }
    std::jthread running([&io] { io.run(); });  // the server's thread; main is the client
    const http::ServerCheck check = http::check_server(server->port(), corpus);
    asio::post(io, [&] { server->stop(); });  // then `running` joins the server's thread
    for (const auto& [what, status] : check.refusals) {
        console::line("  ", what, " -> ", status);
    }
    console::line("pages served and checked: ", check.correct, " of ", pages,
                  "; bad requests answered with 4xx: ", check.refused(), " of ",
                  check.refusals.size(), "; still serving: ", check.still_serving ? "yes" : "no");
    return check.passed() ? 0 : 1;
}
