// Sockets: request and reply over TCP on the loopback interface, with coroutines.
//
// Python: socket.socket(AF_INET, SOCK_STREAM) with bind/listen/accept/sendall/recv, or
//         asyncio.start_server / open_connection and StreamReader.readexactly().
// C++:    boost::asio::ip::tcp::acceptor and socket; C++20 coroutines (co_await) make the
//         asynchronous code read like the blocking version. std has no sockets.
//
// TCP carries bytes, not messages, so every message is a frame: a 4-byte length, then the
// bytes (cookbook/frames.hpp). The server reads the length first and refuses one over its limit
// with an error frame, before it allocates anything; a client below tries exactly that. Every read
// waits at most --timeout-ms: another client connects and says nothing, and is let go.
// One thread runs the server and all the clients, like asyncio's tasks on one event loop.
// Notice: the port is picked by the OS (port 0), so two runs never collide; the clients'
// requests are served interleaved, yet every reply matches its own request.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/frames.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
using namespace std::chrono_literals;

namespace {

// One connection: answer every request until the client closes it.
asio::awaitable<void> session(tcp::socket socket) {
    try {
        while (true) {
            const std::uint32_t length = co_await frames::read_length(socket);
            if (length > frames::max_frame) {  // refused before a single byte is allocated
                co_await frames::write(socket, "error: frame of " + std::to_string(length) +
                                                   " bytes is over the limit of " +
                                                   std::to_string(frames::max_frame));
                co_return;  // and the connection closes: the stream is out of step now
            }
            const std::string request = co_await frames::read_payload(socket, length);
            co_await frames::write(socket, "reply to " + request);
        }
    } catch (const boost::system::system_error&) {
        // asio::error::eof: the client closed the connection between two frames
    }
}

// Accepts `connections` clients, one session coroutine each, then stops listening.
asio::awaitable<void> serve(tcp::acceptor& acceptor, int connections) {
    for (int i = 0; i < connections; ++i) {
        tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);
    }
    acceptor.close();
}

asio::awaitable<void> client(tcp::endpoint server, int id, int requests, int& matched) {
    tcp::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect(server, use_awaitable);
    for (int r = 0; r < requests; ++r) {
        const std::string request =
            "request " + std::to_string(r) + " of client " + std::to_string(id);
        co_await frames::write(socket, request);
        const std::string reply = co_await frames::read(socket);
        matched += (reply == "reply to " + request) ? 1 : 0;
    }
    console::tagged("[client " + std::to_string(id) + "]", "done");
}

// Connects and says nothing: the server must let it go after its read limit, not wait for ever.
asio::awaitable<void> silent_client(tcp::endpoint server, bool& let_go) {
    tcp::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect(server, use_awaitable);
    char byte;
    const auto [error, read] =
        co_await socket.async_read_some(asio::buffer(&byte, 1), asio::as_tuple(use_awaitable));
    let_go = error == asio::error::eof;  // the server closed the connection
}

// Announces a 1 GiB frame and sends nothing else: the server must refuse, not allocate.
asio::awaitable<void> oversized_client(tcp::endpoint server, bool& refused) {
    tcp::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect(server, use_awaitable);
    co_await frames::write_header_only(socket, 1u << 30);
    const std::string reply = co_await frames::read(socket);
    console::line("oversized frame: the server answered \"", reply, "\"");
    refused = reply.rfind("error: frame of 1073741824 bytes", 0) == 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    int clients = 4;
    int requests = 10;
    int port = 0;
    cookbook::cli::Options options("ch04_socket",
                                   "Framed request/reply over TCP loopback, with coroutines.");
    options.count("clients", clients, "client connections", 1, 500)
        .count("requests", requests, "requests per client", 1, 100'000)
        .count("port", port, "port to listen on (0: one the OS picks)", 0, 65535)
        .milliseconds("timeout-ms", frames::read_limit, "how long a read waits", 10ms, 600s);
    options.parse(argc, argv);

    asio::io_context io;  // one thread: run() below
    tcp::acceptor acceptor(io);
    try {  // a port in use, or one below 1024 without the right to it: bad input, not a crash
        acceptor = tcp::acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                                   static_cast<unsigned short>(port)));
    } catch (const boost::system::system_error& e) {
        console::error("cannot listen on 127.0.0.1:", port, ": ", e.code().message());
        return 2;
    }
    const tcp::endpoint server = acceptor.local_endpoint();
    console::line("server listening on 127.0.0.1:", server.port());

    int matched = 0, finished = 0;  // finished: clients that completed without an exception
    bool refused = false, let_go = false;
    auto count_finished = [&](std::exception_ptr failure) {
        if (failure) {
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                console::error("a client failed: ", e.what());
            }
        } else {
            finished += 1;
        }
    };
    asio::co_spawn(io, serve(acceptor, clients + 2), asio::detached);
    for (int c = 0; c < clients; ++c) {
        asio::co_spawn(io, client(server, c, requests, matched), count_finished);
    }
    asio::co_spawn(io, oversized_client(server, refused), count_finished);
    asio::co_spawn(io, silent_client(server, let_go), count_finished);
    io.run_for(20s);  // returns when all is done; the bound is for a bug

    const int expected = clients * requests;
    console::line("replies that matched their request: ", matched, " of ", expected,
                  "; oversized frame refused: ", refused ? "yes" : "no",
                  "; silent client let go: ", let_go ? "yes" : "no");
    if (matched != expected || !refused || !let_go || finished != clients + 2) {
        console::error("a reply was wrong or missing, or a client failed");
        return 1;
    }
    return 0;
}
