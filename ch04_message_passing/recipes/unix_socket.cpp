// Unix domain sockets: the same framed protocol between processes, over a socket file (POSIX).
//
// Python: socket.socket(AF_UNIX, SOCK_STREAM), bind(path); asyncio.start_unix_server.
// C++:    boost::asio::local::stream_protocol (acceptor, socket, endpoint(path)).
//
// An AF_UNIX socket is named by a path in the file system, and never leaves the machine: no
// port to pick, no network stack, and the kernel can tell the server who the client is
// (SO_PEERCRED: its pid, uid and gid). The file stays after the server closes, so the server
// creates it in a fresh temporary directory and removes both on exit -- also on Ctrl-C.
// The clients here are child processes (this program with --client PATH); the frames are the
// ones of socket.cpp (frames.hpp), and so is the refusal of an oversized frame.
// Notice: the pids the server reads from the kernel are the clients' pids.
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <set>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "frames.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using local = asio::local::stream_protocol;
using asio::use_awaitable;
using namespace std::chrono_literals;

namespace {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it when destroyed.
struct TempDirectory {
    std::filesystem::path path;
    TempDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "cookbook_sock_XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path = pattern;
    }
    ~TempDirectory() { std::filesystem::remove_all(path); }
};

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
                co_await frames::write(socket, "error: frame of " + std::to_string(length) + " bytes refused");
                co_return;
            }
            const std::string request = co_await frames::read_payload(socket, length);
            co_await frames::write(socket, "reply to " + request);
            served += 1;
        }
    } catch (const boost::system::system_error&) {  // end of file: the client is done
    }
}

asio::awaitable<void> serve(local::acceptor& acceptor, int connections, std::set<long>& peer_pids, long& served) {
    for (int i = 0; i < connections; ++i) {
        local::socket socket = co_await acceptor.async_accept(use_awaitable);
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), peer_pids, served), asio::detached);
    }
    acceptor.close();
}

// The client process: `requests` requests, each reply checked; then a frame that is too large.
asio::awaitable<void> client(std::string path, int requests, int& matched, bool& refused) {
    local::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect(local::endpoint(path), use_awaitable);
    for (int r = 0; r < requests; ++r) {
        const std::string request = "request " + std::to_string(r) + " from pid " + std::to_string(::getpid());
        co_await frames::write(socket, request);
        matched += (co_await frames::read(socket) == "reply to " + request) ? 1 : 0;
    }
    co_await frames::write_header_only(socket, 100'000'000);
    refused = (co_await frames::read(socket)).rfind("error: frame of 100000000 bytes refused", 0) == 0;
}

int run_client(const std::string& path, int requests) {
    asio::io_context io;
    int matched = 0;
    bool refused = false;
    asio::co_spawn(io, client(path, requests, matched, refused), asio::detached);
    io.run_for(10s);
    console::tagged(console::pid_tag(), "client: ", matched, " of ", requests,
                    " replies matched; oversized frame refused: ", refused ? "yes" : "no");
    return matched == requests && refused ? 0 : 1;
}

}  // namespace

int main(int argc, char* argv[]) {
    int clients = 3;
    int requests = 10;
    std::string client_of;
    cookbook::cli::Options options("ch04_unix_socket", "Framed request/reply over an AF_UNIX socket file.");
    options.count("clients", clients, "client processes", 1, 64)
        .count("requests", requests, "requests per client", 1, 100'000)
        .internal("client", client_of);
    options.parse(argc, argv);
    if (!client_of.empty()) {
        return run_client(client_of, requests);
    }

    std::filesystem::path socket_file;
    int clients_ok = 0;
    bool right_peers = false;
    long served = 0;
    {
        TempDirectory directory;
        socket_file = directory.path / "server.sock";
        asio::io_context io;
        local::acceptor acceptor(io, local::endpoint(socket_file.string()));  // creates the file
        console::line("server listening on ", socket_file.string());
        asio::signal_set signals(io, SIGINT, SIGTERM);  // Ctrl-C: stop, so the file gets removed
        signals.async_wait([&](const boost::system::error_code& error, int) {
            if (!error) io.stop();
        });
        std::vector<cookbook::Child> children;
        for (int c = 0; c < clients; ++c) {
            children.push_back(cookbook::Child::self({"--client", socket_file.string(), "--requests",
                                                      std::to_string(requests)}));
        }
        std::set<long> peer_pids;
        asio::co_spawn(io, serve(acceptor, clients, peer_pids, served), [&](std::exception_ptr) {
            signals.cancel();  // every client accepted: nothing else to wait for but the sessions
        });
        io.run_for(20s);

        std::set<long> client_pids;
        for (auto& child : children) {
            clients_ok += child.wait(10s).ok() ? 1 : 0;
            client_pids.insert(child.pid());
        }
        right_peers = peer_pids == client_pids;
        console::line("server: ", served, " requests served; the peers' pids (SO_PEERCRED) are the clients' pids: ",
                      right_peers ? "yes" : "no");
    }  // the directory and the socket file in it are removed here
    const bool removed = !std::filesystem::exists(socket_file);
    console::line("clients whose replies all matched: ", clients_ok, " of ", clients,
                  "; socket file removed on exit: ", removed ? "yes" : "no");
    if (clients_ok != clients || !right_peers || served != long(clients) * requests || !removed) {
        console::error("a client failed, the server saw the wrong peers, or the file is left");
        return 1;
    }
    return 0;
}
