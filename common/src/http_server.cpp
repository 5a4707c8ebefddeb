// The corpus server (see cookbook/http.hpp): Boost.Beast on C++20 coroutines, one coroutine
// per connection, all on an io_context run by a few threads.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "cookbook/beast.hpp"
#include "cookbook/http.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace cookbook::http {

Response make_response(bhttp::status status, std::string body, const char* content_type) {
    Response response{status, 11};
    response.set(bhttp::field::server, "cookbook-corpus");
    response.set(bhttp::field::content_type, content_type);
    response.keep_alive(false);
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

// Beast's HTTP parser reports its errors in a category of its own.
bool is_parse_error(const beast::error_code& error) {
    return error.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

asio::awaitable<void> linger_close(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(1));
    char bytes[4096];
    for (std::size_t total = 0; total < 64 * 1024;) {
        const auto [error, read] = co_await stream.async_read_some(asio::buffer(bytes), use_tuple);
        if (error) {
            break;  // the client closed (end of file), or the second is up
        }
        total += read;
    }
}

namespace {

constexpr std::size_t max_target = 256;
constexpr std::uint32_t max_header_bytes = 8 * 1024;
constexpr auto idle_timeout = std::chrono::seconds(30);
constexpr int max_connections = 256;  // more would each hold a descriptor and a buffer

using Request = bhttp::request<bhttp::empty_body>;

// A response in the request's HTTP version, which keeps the connection if the request asks to.
Response reply_to(const Request& request, bhttp::status status, std::string body,
                  const char* content_type = "text/plain; charset=utf-8") {
    Response response = make_response(status, std::move(body), content_type);
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    return response;
}

// The answer to one well-formed request: only the corpus, nothing else.
Response answer(const Corpus& corpus, const Request& request) {
    const std::string_view target = request.target();
    if (request.method() != bhttp::verb::get && request.method() != bhttp::verb::head) {
        auto response = reply_to(request, bhttp::status::method_not_allowed, "only GET and HEAD\n");
        response.set(bhttp::field::allow, "GET, HEAD");
        return response;
    }
    if (target.size() > max_target) {
        return reply_to(request, bhttp::status::uri_too_long, "target too long\n");
    }
    if (target.empty() || target.front() != '/') {  // "http://host/...", "*": not a path here
        return reply_to(request, bhttp::status::bad_request, "bad target\n");
    }
    // The defence against path tricks is the corpus's list of what exists: any other target,
    // however it is spelled, is a 404. (A server of files would decode the target, make it
    // canonical and check that it stays under its root.)
    auto body = corpus.lookup(target);
    if (!body) {
        return reply_to(request, bhttp::status::not_found, "no such page\n");
    }
    auto response =
        reply_to(request, bhttp::status::ok, std::move(*body), "text/html; charset=utf-8");
    if (request.method() == bhttp::verb::head) {
        const auto length = response.body().size();
        response.body().clear();
        response.content_length(length);  // HEAD: the headers a GET would get, no body
    }
    return response;
}

}  // namespace

struct CorpusServer::Impl {
    const Corpus& corpus;
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::vector<std::thread> threads;
    std::atomic<long> served{0};
    std::atomic<long> rejected{0};
    std::atomic<int> in_flight{0};
    std::atomic<int> connections{0};
    std::atomic<int> most_in_flight{0};
    std::mutex stop_mutex;
    std::condition_variable stopped_changed;
    bool stopping = false;  // stop() has begun
    bool stopped = false;   // stop() has joined the server's threads

    unsigned short port = 0;  // set once, before the server's threads start
    std::string address;

    explicit Impl(const Corpus& c) : corpus(c) {}

    asio::awaitable<void> session(beast::tcp_stream stream) {
        beast::flat_buffer buffer;
        const bool too_many = connections.fetch_add(1) >= max_connections;
        bool refused = false;  // the last answer was a 4xx or a 503, and the connection closes
        while (!too_many) {
            bhttp::request_parser<bhttp::empty_body> parser;
            parser.header_limit(max_header_bytes);
            stream.expires_after(idle_timeout);
            const auto [read_error, read_bytes] =
                co_await bhttp::async_read(stream, buffer, parser, use_tuple);
            if (read_error == bhttp::error::end_of_stream || read_error == beast::error::timeout) {
                break;  // the client is done, or idle for too long
            }
            Response response;
            if (read_error == bhttp::error::header_limit) {
                response = make_response(bhttp::status::request_header_fields_too_large,
                                         "headers too large\n");
            } else if (read_error == bhttp::error::partial_message ||
                       (read_error && !is_parse_error(read_error))) {
                break;  // the connection broke (reset, closed mid-request): nobody to answer
            } else if (read_error) {  // the bytes are not an HTTP request
                response = make_response(bhttp::status::bad_request,
                                         "malformed request: " + read_error.message() + "\n");
            } else {
                const Request request = parser.release();
                cookbook::raise_to(most_in_flight, in_flight.fetch_add(1) + 1);
                response = answer(corpus, request);
                if (corpus.options().latency.count() > 0 &&
                    response.result() == bhttp::status::ok) {
                    asio::steady_timer delay(stream.get_executor(), corpus.options().latency);
                    co_await delay.async_wait(use_tuple);  // waits without holding a thread
                }
            }
            (response.result() == bhttp::status::ok ? served : rejected) += 1;
            refused = response.result() != bhttp::status::ok && !response.keep_alive();
            const bool keep_alive = response.keep_alive();
            const auto [write_error, written] =
                co_await bhttp::async_write(stream, response, use_tuple);
            if (!read_error) {
                in_flight.fetch_sub(1);
            }
            if (write_error || !keep_alive) {
                break;
            }
        }
        if (too_many) {  // answered at once, so that the client is not left waiting
            rejected += 1;
            auto response =
                make_response(bhttp::status::service_unavailable, "too many connections\n");
            co_await bhttp::async_write(stream, response, use_tuple);
            refused = true;
        }
        if (refused) {
            co_await linger_close(stream);
        } else {
            beast::error_code ignored;
            stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
        connections.fetch_sub(1);
    }

    asio::awaitable<void> listen() {
        while (true) {
            // Each connection gets its own strand: with several threads running the io_context,
            // a Beast stream's I/O and its timeout must never run at the same time.
            auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(io), use_tuple);
            if (error == asio::error::operation_aborted || !acceptor.is_open()) {
                co_return;
            }
            if (error) {  // out of file descriptors, say: breathe instead of spinning
                asio::steady_timer pause(io, std::chrono::milliseconds(50));
                co_await pause.async_wait(use_tuple);
                continue;
            }
            const auto strand = socket.get_executor();
            asio::co_spawn(strand, session(beast::tcp_stream(std::move(socket))), asio::detached);
        }
    }
};

CorpusServer::CorpusServer(const Corpus& corpus, unsigned short port, const std::string& address,
                           int threads)
    : impl_(std::make_unique<Impl>(corpus)) {
    const tcp::endpoint endpoint(asio::ip::make_address(address), port);
    impl_->address = endpoint.address().to_string();
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
    impl_->port = impl_->acceptor.local_endpoint().port();       // read once: clients ask from
    asio::co_spawn(impl_->io, impl_->listen(), asio::detached);  // any thread, while it accepts
    for (int i = 0; i < std::max(threads, 1); ++i) {
        impl_->threads.emplace_back([this] { impl_->io.run(); });
    }
}

CorpusServer::~CorpusServer() {
    stop();
}

void CorpusServer::stop() {
    {
        std::unique_lock lock(impl_->stop_mutex);
        if (impl_->stopping) {  // another thread is at it: return when it has finished
            impl_->stopped_changed.wait(lock, [&] { return impl_->stopped; });
            return;
        }
        impl_->stopping = true;
    }
    impl_->io.stop();
    for (auto& thread : impl_->threads) {
        thread.join();
    }
    {
        const std::lock_guard lock(impl_->stop_mutex);
        impl_->stopped = true;  // only now: the server's threads are gone
    }
    impl_->stopped_changed.notify_all();
}

void CorpusServer::wait() {
    std::unique_lock lock(impl_->stop_mutex);
    impl_->stopped_changed.wait(lock, [&] { return impl_->stopped; });
}

unsigned short CorpusServer::port() const {
    return impl_->port;
}

std::string CorpusServer::base_url() const {
    return "http://" + impl_->address + ":" + std::to_string(port());
}

std::string CorpusServer::url(int index) const {
    return base_url() + Corpus::path(index);
}

std::vector<std::string> CorpusServer::urls() const {
    std::vector<std::string> all;
    for (int i = 0; i < impl_->corpus.size(); ++i) {
        all.push_back(url(i));
    }
    return all;
}

long CorpusServer::requests_served() const {
    return impl_->served.load();
}

long CorpusServer::requests_rejected() const {
    return impl_->rejected.load();
}

int CorpusServer::most_in_flight() const {
    return impl_->most_in_flight.load();
}

}  // namespace cookbook::http
