// Unix domain sockets: the same framed protocol between processes, over a socket file (POSIX).
//
// Python: socket.socket(AF_UNIX, SOCK_STREAM), bind(path); asyncio.start_unix_server.
// C++:    boost::asio::local::stream_protocol (acceptor, socket, endpoint(path)).
//
// An AF_UNIX socket is named by a path in the file system, and never leaves the machine: no
// port to pick, no network stack, and the kernel can tell the server who the client is
// (SO_PEERCRED: its pid, uid and gid). The file stays after the server closes, so the server
// creates it in a fresh temporary directory (cookbook::TempDir) that is removed on exit, and
// also on Ctrl-C, SIGTERM or SIGHUP (TempDir's signal handler, for paths made with file()).
// Only a SIGKILL, which nothing can catch, leaves the directory behind in $TMPDIR.
// The clients here are child processes (this program with --client PATH); the frames are the
// ones of socket.cpp (cookbook/frames.hpp), and so is the refusal of an oversized frame.
// Notice: the pids the server reads from the kernel are the clients' pids.
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <set>
#include <vector>

#include "cookbook/asio.hpp"
#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/frames.hpp"
#include "cookbook/temp_dir.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using local = asio::local::stream_protocol;
using asio::use_awaitable;
using namespace std::chrono_literals;

namespace {

// Answers one client and records the pid the kernel gives for it.
asio::awaitable<void> session(local::socket socket, std::set<long>& peer_pids, long& served) {
    ucred peer{};
    socklen_t size = sizeof peer;
    ::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &peer, &size);
    peer_pids.insert(peer.pid);
    try {
        while (true) {
            const std::uint32_t length = co_await frames::read_length(socket);
            if (length > frames::max_frame) {  // refused, as in socket.cpp
                co_await frames::write(
                    socket, "error: frame of " + std::to_string(length) + " bytes refused");
                co_return;
            }
            const std::string request = co_await frames::read_payload(socket, length);
            co_await frames::write(socket, "reply to " + request);
            served += 1;
        }
    } catch (const boost::system::system_error&) {  // end of file: the client is done
    }
}

asio::awaitable<void> serve(local::acceptor& acceptor, int connections, std::set<long>& peer_pids,
                            long& served) {
    for (int i = 0; i < connections; ++i) {
        local::socket socket = co_await acceptor.async_accept(use_awaitable);
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), peer_pids, served),
                       asio::detached);
    }
    acceptor.close();
}

// The client process: `requests` requests, each reply checked; then a frame that is too large.
asio::awaitable<void> client(std::string path, int requests, int& matched, bool& refused) {
    local::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect(local::endpoint(path), use_awaitable);
    for (int r = 0; r < requests; ++r) {
        const std::string request =
            "request " + std::to_string(r) + " from pid " + std::to_string(::getpid());
        co_await frames::write(socket, request);
        matched += (co_await frames::read(socket) == "reply to " + request) ? 1 : 0;
    }
    co_await frames::write_header_only(socket, 100'000'000);
    refused =
        (co_await frames::read(socket)).rfind("error: frame of 100000000 bytes refused", 0) == 0;
}

int run_client(const std::string& path, int requests) {
    asio::io_context io;
    int matched = 0;
    bool refused = false;
    asio::co_spawn(io, client(path, requests, matched, refused), cookbook::rethrow);
    io.run_for(10s);  // an exception in the client (no server, a reset, ...) comes out here
    console::tagged(console::pid_tag(), "client: ", matched, " of ", requests,
                    " replies matched; oversized frame refused: ", refused ? "yes" : "no");
    return matched == requests && refused ? 0 : 1;
}

int run_server(int clients, int requests) {
    cookbook::TempDir directory("sock");  // removed at the end, and on SIGINT/SIGTERM/SIGHUP
    const std::string socket_file = directory.file("server.sock");  // ... with the file in it
    asio::io_context io;
    local::acceptor acceptor(io, local::endpoint(socket_file));  // creates the file
    console::line("server listening on ", socket_file);
    std::vector<cookbook::Child> children;
    for (int c = 0; c < clients; ++c) {
        children.push_back(cookbook::Child::self(
            {"--client", socket_file, "--requests", std::to_string(requests)}));
    }
    std::set<long> peer_pids;
    long served = 0;
    asio::co_spawn(io, serve(acceptor, clients, peer_pids, served), asio::detached);
    io.run_for(20s);  // returns when every session has ended; the bound is for a bug

    int clients_ok = 0;
    std::set<long> client_pids;
    for (auto& child : children) {
        clients_ok += child.wait(10s).ok() ? 1 : 0;
        client_pids.insert(child.pid());
    }
    const bool right_peers = peer_pids == client_pids;
    console::line("server: ", served,
                  " requests served; the peers' pids (SO_PEERCRED) are the clients' pids: ",
                  right_peers ? "yes" : "no");
    console::line("clients whose replies all matched: ", clients_ok, " of ", clients);
    if (clients_ok != clients || !right_peers || served != long(clients) * requests) {
        console::error("a client failed, or the server saw the wrong peers or too few requests");
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    int clients = 3, requests = 10;
    std::string client_of;
    cookbook::cli::Options options("ch04_unix_socket",
                                   "Framed request/reply over an AF_UNIX socket file.");
    options.count("clients", clients, "client processes", 1, 64)
        .count("requests", requests, "requests per client", 1, 100'000)
        .internal("client", client_of);
    options.parse(argc, argv);
    try {
        return client_of.empty() ? run_server(clients, requests) : run_client(client_of, requests);
    } catch (const std::exception& e) {  // no temporary directory, no server, a reset, ...
        console::error(client_of.empty() ? "" : "client " + std::to_string(::getpid()) + ": ",
                       e.what());
        return 1;
    }
}
