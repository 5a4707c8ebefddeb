// The HTTP clients (see cookbook/http.hpp). Both run the same coroutine, fetch(): the
// AsyncClient on the caller's executor, the blocking Client on a private io_context that it
// runs until the fetch is done (so that timeouts work for blocking calls too).
#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <istream>
#include <vector>

#include "cookbook/console.hpp"
#include "cookbook/http.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace cookbook::http {
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t max_body = 64 * 1024 * 1024;

// One keep-alive connection, reused while the host and port stay the same.
struct Connection {
    explicit Connection(const asio::any_io_executor& executor)
        : resolver(executor), stream(executor) {}
    tcp::resolver resolver;
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::string host;
    std::string port;
    bool open = false;

    void close() {
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.close();
        buffer.clear();
        open = false;
    }
};

std::string describe(const beast::error_code& error) {
    return error == beast::error::timeout ? "timed out" : error.message();
}

asio::awaitable<Page> fetch(Connection& connection, std::string url_text,
                            std::chrono::milliseconds timeout) {
    Page page;
    page.url = url_text;
    const auto url = parse_url(url_text);
    if (!url) {
        page.error = "not an http:// URL";
        co_return page;
    }
    // A kept-alive connection may have been closed by the server meanwhile: then the first
    // attempt fails at once and the second one uses a new connection.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused =
            connection.open && connection.host == url->host && connection.port == url->port;
        if (!reused) {
            if (connection.open) {
                connection.close();
            }
            // A numeric host (127.0.0.1, ::1) needs no name resolution. A name does: Asio runs
            // getaddrinfo() on a hidden thread of its own (as asyncio does, in its default
            // executor), and nothing can stop a getaddrinfo() once it has started -- the wait
            // for a name is bounded only by the system resolver's own timeouts.
            std::vector<tcp::endpoint> endpoints;
            beast::error_code not_numeric;
            const auto address = asio::ip::make_address(url->host, not_numeric);
            if (!not_numeric) {
                endpoints.emplace_back(address, static_cast<unsigned short>(std::stoi(url->port)));
            } else {
                const auto [resolve_error, results] =
                    co_await connection.resolver.async_resolve(url->host, url->port, use_tuple);
                if (resolve_error) {
                    page.error = "cannot resolve " + url->host + ": " + resolve_error.message();
                    co_return page;
                }
                for (const auto& result : results) {
                    endpoints.push_back(result.endpoint());
                }
            }
            connection.stream.expires_after(timeout);
            const auto [connect_error, endpoint] =
                co_await connection.stream.async_connect(endpoints, use_tuple);
            if (connect_error) {
                connection.close();
                page.error = describe(connect_error);
                co_return page;
            }
            connection.open = true;
            connection.host = url->host;
            connection.port = url->port;
        }

        bhttp::request<bhttp::empty_body> request{bhttp::verb::get, url->target, 11};
        request.set(bhttp::field::host, url->host_header);
        request.set(bhttp::field::user_agent, "cookbook-reader/1.0");
        request.keep_alive(true);
        connection.stream.expires_after(timeout);
        auto [error, bytes] = co_await bhttp::async_write(connection.stream, request, use_tuple);
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(max_body);
        if (!error) {
            std::tie(error, bytes) =
                co_await bhttp::async_read(connection.stream, connection.buffer, parser, use_tuple);
        }
        if (error) {
            connection.close();
            if (reused && attempt == 0 && error != beast::error::timeout) {
                continue;  // a stale kept-alive connection: try once more on a fresh one
            }
            page.error = describe(error);
            co_return page;
        }
        auto response = parser.release();
        page.status = static_cast<int>(response.result_int());
        page.body = std::move(response.body());
        if (!response.keep_alive()) {
            connection.close();
        }
        co_return page;
    }
    co_return page;
}

}  // namespace

struct Client::Impl {
    asio::io_context io;
    Connection connection{io.get_executor()};
    std::chrono::milliseconds timeout;
};

Client::Client(std::chrono::milliseconds timeout) : impl_(std::make_unique<Impl>()) {
    impl_->timeout = timeout;
}

Client::~Client() = default;

Page Client::get(const std::string& url) {
    Page result;
    result.url = url;
    result.error = "the request did not complete";
    impl_->io.restart();
    asio::co_spawn(impl_->io, fetch(impl_->connection, url, impl_->timeout),
                   [&result](std::exception_ptr failure, Page page) {
                       if (failure) {
                           try {
                               std::rethrow_exception(failure);
                           } catch (const std::exception& e) {
                               result.error = e.what();
                           }
                       } else {
                           result = std::move(page);
                       }
                   });
    impl_->io.run();  // returns when the fetch has finished: nothing else runs on this context
    return result;
}

struct AsyncClient::Impl {
    Connection connection;
    std::chrono::milliseconds timeout;
};

AsyncClient::AsyncClient(asio::any_io_executor executor, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(Impl{Connection(executor), timeout})) {}

AsyncClient::~AsyncClient() = default;
AsyncClient::AsyncClient(AsyncClient&&) noexcept = default;
AsyncClient& AsyncClient::operator=(AsyncClient&&) noexcept = default;

// Not a coroutine itself: it hands back fetch()'s awaitable, which refers to the Connection
// inside Impl (on the heap), so moving the AsyncClient before it runs does no harm.
asio::awaitable<Page> AsyncClient::get(std::string url) {
    return fetch(impl_->connection, std::move(url), impl_->timeout);
}

int ServerCheck::refused() const {
    return static_cast<int>(std::count_if(refusals.begin(), refusals.end(), [](const auto& r) {
        return r.second >= 400 && r.second < 500;
    }));
}

bool ServerCheck::passed() const {
    return correct == pages && refused() == static_cast<int>(refusals.size()) && still_serving;
}

void ServerCheck::print() const {
    for (const auto& [what, status] : refusals) {
        console::line("  ", what, " -> ", status);
    }
    console::line("pages served and checked: ", correct, " of ", pages,
                  "; bad requests answered with 4xx: ", refused(), " of ", refusals.size(),
                  "; still serving: ", still_serving ? "yes" : "no");
}

ServerCheck check_server(unsigned short port, const Corpus& corpus) {
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    Client client;
    ServerCheck check;
    check.pages = corpus.size();
    for (int i = 0; i < corpus.size(); ++i) {
        check.correct += client.get(base + Corpus::path(i)).body == corpus.page(i) ? 1 : 0;
    }
    check.refusals = {
        {"path with ..", client.get(base + "/pages/../../etc/passwd").status},
        {"target of 300 bytes", client.get(base + "/" + std::string(300, 'a')).status},
        {"headers over 8 KiB",
         raw_status(port, "GET / HTTP/1.1\r\nX: " + std::string(9000, 'b') + "\r\n\r\n")}};
    check.still_serving = client.get(base + "/").ok();
    return check;
}

int raw_status(unsigned short port, const std::string& bytes) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    boost::system::error_code error;
    socket.connect({asio::ip::make_address("127.0.0.1"), port}, error);
    if (error) {
        return 0;
    }
    // A server may answer and close before it has read all of a large request: the write then
    // fails, but the answer is there to read.
    asio::write(socket, asio::buffer(bytes), error);
    asio::streambuf reply;
    asio::async_read_until(socket, reply, "\r\n", [](boost::system::error_code, std::size_t) {});
    io.run_for(std::chrono::seconds(5));  // a server that never answers: status 0
    std::istream status_line(&reply);
    std::string version;
    int status = 0;
    status_line >> version >> status;
    return status;
}

bool drains_after_refusal(unsigned short port) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    boost::system::error_code error;
    socket.connect({asio::ip::make_address("127.0.0.1"), port}, error);
    const std::string headers = "GET / HTTP/1.1\r\nX-Big: " + std::string(10000, 'a');
    asio::write(socket, asio::buffer(headers), error);
    std::string received;
    char bytes[4096];
    while (!error && received.size() < 1'000'000) {  // the answer, then the end of the stream
        received.append(bytes, socket.read_some(asio::buffer(bytes), error));
    }
    if (error != asio::error::eof || received.rfind("HTTP/1.1 431", 0) != 0) {
        return false;
    }
    boost::system::error_code first, second;
    asio::write(socket, asio::buffer(std::string(1000, 'b')), first);
    asio::write(socket, asio::buffer(std::string(1000, 'b')), second);
    return !first && !second;
}

}  // namespace cookbook::http
