// An HTTP server with Boost.Beast, written out: the kind of server the readers talk to.
// Python: http.server.ThreadingHTTPServer + SimpleHTTPRequestHandler, or an aiohttp web app.
// C++:    listen() accepts and co_spawns a session() per connection, all on one thread
//         (common's http::CorpusServer is this server with more threads).
// It answers only what is on its list (the defence against "../" tricks), refuses what is too
// big or not HTTP with a 4xx, bounds every read and write, closes a refused connection without
// a reset (http::linger_close) and stops gracefully. Notice: after each 4xx it serves on.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <set>
#include <thread>

#include "cookbook/beast.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace console = cookbook::console;
namespace http = cookbook::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

class Server {  // everything runs on one thread: the io_context's
  public:
    Server(asio::io_context& io, const http::Corpus& corpus, unsigned short port)
        : corpus_(corpus), acceptor_(io, {asio::ip::make_address("127.0.0.1"), port}) {
        asio::co_spawn(io, listen(), asio::detached);
    }
    unsigned short port() const { return acceptor_.local_endpoint().port(); }
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
            auto [error, bytes] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
            idle_.erase(&stream);
            if (error == bhttp::error::end_of_stream || error == bhttp::error::partial_message ||
                (error && !http::is_parse_error(error))) {
                break;  // the client left, went quiet for too long, or the server stops
            }
            http::Response response = answer(parser, error);
            refused = response.result() != bhttp::status::ok;  // and then the connection ends
            response.keep_alive(!refused && parser.get().keep_alive());
            stream.expires_after(std::chrono::seconds(30));
            co_await bhttp::async_write(stream, response, use_tuple);
            refused = refused || !response.keep_alive();
        }
        if (refused) {
            co_await http::linger_close(stream);  // the client reads its 4xx, not a reset
        }
    }  // the stream's destructor closes the socket

    // The answer to what the parser made of the bytes: a request, or an error of its own.
    http::Response answer(const bhttp::request_parser<bhttp::empty_body>& parser,
                          beast::error_code error) const {
        using enum bhttp::status;
        if (error) {  // Beast's parser refused the bytes: too many headers, or not HTTP at all
            return error == bhttp::error::header_limit
                       ? http::make_response(request_header_fields_too_large, "headers too big\n")
                       : http::make_response(bad_request, "not an HTTP request\n");
        }
        const auto& request = parser.get();
        if (request.method() != bhttp::verb::get) {
            return http::make_response(method_not_allowed, "GET only\n");
        }
        if (request.target().size() > 256) {
            return http::make_response(uri_too_long, "target too long\n");
        }
        // Only what is on the list ("/" and "/pages/N.html"), however else a target is spelled.
        if (auto body = corpus_.lookup(request.target())) {
            return http::make_response(ok, std::move(*body), "text/html");
        }
        return http::make_response(not_found, "no such page\n");
    }

    const http::Corpus& corpus_;
    tcp::acceptor acceptor_;
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
    port = server->port();  // the one the OS picked if --port was 0; read before run() starts
    console::line("serving ", pages, " pages on http://127.0.0.1:", port, "/ (port ", port, ")");
    if (serve) {
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](beast::error_code, int) { server->stop(); });
        console::line("press Ctrl-C to stop");
        io.run();  // returns when the stop has ended every connection
        console::line("stopped");
        return 0;
    }
    std::jthread running([&io] { io.run(); });  // the server's thread; main is the client
    const http::ServerCheck check = http::check_server(port, corpus);
    asio::post(io, [&] { server->stop(); });  // then `running` joins the server's thread
    check.print();
    return check.passed() ? 0 : 1;
}
