// Chapter 4's benchmark questions (see cookbook/questions.hpp): messages between two processes,
// pages read over HTTP, an HTTP server under 50 connections, and an echo server's round trips.
// Each against its CPython twin (bench/python/questions.py) and, where one exists, the raw
// baseline. The HTTP pages come from common's CorpusServer; the Python server question runs the
// twin's ThreadingHTTPServer and loads it with the same C++ client as the Beast server.
#include "cookbook/questions.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/interprocess/ipc/message_queue.hpp>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

#include "cookbook/asio.hpp"
#include "cookbook/child.hpp"
#include "cookbook/http.hpp"
#include "cookbook/ipc.hpp"

namespace asio = boost::asio;
namespace bip = boost::interprocess;
namespace http = cookbook::http;
using cookbook::questions::best_seconds;
using cookbook::questions::Better;
using cookbook::questions::Report;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr int repeats = 3;
constexpr std::size_t message_bytes = 64;
struct Message {
    long number;
    char padding[message_bytes - sizeof(long)];
};

// ---- msgs_2_processes: the parent sends n messages to a forked child, which sums their
// numbers and writes the sum back through a pipe. `send(i)` runs in the parent and says whether
// the message went; `receive()` runs in the child and gives the number, or nullopt if nothing
// came in time. Every wait ends: a child that hears nothing leaves, a parent's death kills its
// child (PR_SET_PDEATHSIG), and a child that left closes the answer pipe.
template <class Send, class Receive>
double messages_per_second(long n, long& sum, Send send, Receive receive) {
    const double seconds = best_seconds(repeats, [&] {
        int answer[2];
        if (::pipe(answer) != 0) {
            sum = -1;
            return;
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            long total = 0;
            for (long i = 0; i < n; ++i) {
                const std::optional<long> number = receive();
                if (!number) {
                    ::_exit(1);
                }
                total += *number;
            }
            ::_exit(::write(answer[1], &total, sizeof total) == sizeof total ? 0 : 1);
        }
        ::close(answer[1]);
        bool sent = true;
        for (long i = 0; i < n && sent; ++i) {
            sent = send(i);
        }
        if (::read(answer[0], &sum, sizeof sum) != sizeof sum || !sent) {
            sum = -1;  // the child left early: the result shows it
        }
        ::close(answer[0]);
        ::waitpid(pid, nullptr, 0);  // it has written its answer or closed the pipe: it ends
    });
    return double(n) / seconds;
}

bool write_all(int fd, const void* data, std::size_t size) {
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::write(fd, static_cast<const char*>(data) + done, size - done);
        if (n <= 0) {
            return false;
        }
        done += std::size_t(n);
    }
    return true;
}

bool read_all(int fd, void* data, std::size_t size) {
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::read(fd, static_cast<char*>(data) + done, size - done);
        if (n <= 0) {
            return false;
        }
        done += std::size_t(n);
    }
    return true;
}

// ---- http_pages_per_s: every page once, by `clients` coroutines on one thread.
asio::awaitable<void> read_pages(http::AsyncClient& client, std::vector<std::string>& urls,
                                 std::size_t& next, long& bytes, long& pages) {
    while (next < urls.size()) {
        const http::Page page = co_await client.get(urls[next++]);  // one thread: no race
        bytes += page.ok() ? long(page.body.size()) : 0;
        pages += page.ok() ? 1 : 0;
    }
}

double pages_by_coroutines(std::vector<std::string> urls, int clients, long& bytes, long& pages) {
    asio::io_context io;
    std::vector<http::AsyncClient> readers;
    for (int c = 0; c < clients; ++c) {
        readers.emplace_back(io.get_executor());
    }
    std::size_t next = 0;
    bytes = pages = 0;
    const double seconds = best_seconds(1, [&] {
        for (auto& reader : readers) {
            asio::co_spawn(io, read_pages(reader, urls, next, bytes, pages), cookbook::rethrow);
        }
        io.run();
    });
    return double(pages) / seconds;
}

double pages_by_threads(const std::vector<std::string>& urls, int threads, long& bytes,
                        long& pages) {
    std::atomic<std::size_t> next{0};
    std::atomic<long> total_bytes{0}, total_pages{0};
    const double seconds = best_seconds(1, [&] {
        std::vector<std::jthread> readers;
        for (int t = 0; t < threads; ++t) {
            readers.emplace_back([&] {
                http::Client client;  // one per thread, each with its own connection
                for (std::size_t i; (i = next.fetch_add(1)) < urls.size();) {
                    const http::Page page = client.get(urls[i]);
                    total_bytes += page.ok() ? long(page.body.size()) : 0;
                    total_pages += page.ok() ? 1 : 0;
                }
            });
        }
    });
    bytes = total_bytes;
    pages = total_pages;
    return double(pages) / seconds;
}

// ---- echo_round_trips_per_s: an echo server and 50 clients, coroutines on one thread.
asio::awaitable<void> echo(tcp::socket socket) {
    char bytes[message_bytes];
    while (true) {
        auto [error, n] = co_await asio::async_read(socket, asio::buffer(bytes),
                                                    asio::as_tuple(asio::use_awaitable));
        if (error) {
            co_return;  // the client closed
        }
        co_await asio::async_write(socket, asio::buffer(bytes, n), asio::use_awaitable);
    }
}

asio::awaitable<void> echo_server(tcp::acceptor& acceptor, int connections) {
    for (int c = 0; c < connections; ++c) {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)), cookbook::rethrow);
    }
}

asio::awaitable<void> echo_client(tcp::endpoint server, long trips, long& done) {
    tcp::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect(server, asio::use_awaitable);
    char out[message_bytes] = "ping", in[message_bytes];
    for (long i = 0; i < trips; ++i) {
        co_await asio::async_write(socket, asio::buffer(out), asio::use_awaitable);
        co_await asio::async_read(socket, asio::buffer(in), asio::use_awaitable);
        done += std::memcmp(in, out, message_bytes) == 0 ? 1 : 0;
    }
}

double echo_round_trips_per_second(int clients, long trips, long& done) {
    const double seconds = best_seconds(repeats, [&] {
        asio::io_context io;
        tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
        done = 0;
        asio::co_spawn(io, echo_server(acceptor, clients), cookbook::rethrow);
        for (int c = 0; c < clients; ++c) {
            asio::co_spawn(io, echo_client(acceptor.local_endpoint(), trips, done),
                           cookbook::rethrow);
        }
        io.run();
    });
    return double(done) / seconds;
}

// ---- http_server_req_per_s: 50 keep-alive connections, each asking for `each` pages in turn,
// all from coroutines on this thread; the server runs elsewhere (its own threads or process).
asio::awaitable<void> ask(http::AsyncClient& client, std::string base, long each, long& ok) {
    for (long i = 0; i < each; ++i) {
        const http::Page page = co_await client.get(base + http::Corpus::path(int(i % 200)));
        if (!page.ok()) {
            co_return;  // a server that does not answer (the twin failed to start): stop asking
        }
        ok += 1;
    }
}

double requests_per_second(unsigned short port, int connections, long each, long& ok) {
    asio::io_context io;
    std::vector<http::AsyncClient> clients;
    for (int c = 0; c < connections; ++c) {
        clients.emplace_back(io.get_executor(), 5s);  // at most 5 s for an answer
    }
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    ok = 0;
    const double seconds = best_seconds(1, [&] {
        for (auto& client : clients) {
            asio::co_spawn(io, ask(client, base, each, ok), cookbook::rethrow);
        }
        io.run();
    });
    return double(ok) / seconds;
}

// The twin's ThreadingHTTPServer, listening on a socket made here and handed over as its
// descriptor 3: it accepts from the first moment, and nobody has to wait for it to be ready.
std::optional<double> python_requests_per_second(Report& report, int connections, long each,
                                                 long& ok) {
    if (!report.python_available()) {
        return std::nullopt;
    }
    asio::io_context io;
    tcp::acceptor listener(io, {asio::ip::make_address("127.0.0.1"), 0});
    cookbook::ChildOptions options;
    options.pass_fds = {{3, listener.native_handle()}};
    options.stdin_from_null = true;
    cookbook::Child python(report.python(),
                           {COOKBOOK_TWIN, "--serve-http", "--page-bytes", "20480"}, options);
    const double rate =
        requests_per_second(listener.local_endpoint().port(), connections, each, ok);
    python.terminate();
    return rate;
}

}  // namespace

int main(int argc, char* argv[]) {
    ::signal(SIGPIPE, SIG_IGN);  // a write to a child that has gone fails with EPIPE instead
    Report report(argc, argv, "ch04", COOKBOOK_TWIN);
    const int page_count = 200, clients = 8;
    const http::Corpus corpus({.pages = page_count, .page_bytes = 20 * 1024});
    http::CorpusServer server(corpus, 0, "127.0.0.1", 2);
    report.run_twin({"--port", std::to_string(server.port()), "--clients", std::to_string(clients),
                     "--connections", "50"});

    const long n = report.size(1000, 50'000);
    long sum = 0;
    int fds[2];
    if (::pipe(fds) != 0) {
        return 1;
    }
    const double pipe_limit = messages_per_second(
        n, sum,
        [&](long i) {
            const Message m{i, {}};
            return write_all(fds[1], &m, sizeof m);  // false once the child has gone (EPIPE)
        },
        [&]() -> std::optional<long> {
            Message m{};
            return read_all(fds[0], &m, sizeof m) ? std::optional<long>(m.number) : std::nullopt;
        });
    report.add({"msgs_2_processes", "pipe", "msg/s", Better::higher, pipe_limit, pipe_limit,
                std::to_string(sum)});
    ::close(fds[0]);
    ::close(fds[1]);
    const std::string name = cookbook::ipc::unique_name("bench_queue");
    cookbook::ipc::remove_guard<bip::message_queue> remove(name);
    bip::message_queue queue(bip::create_only, name.c_str(), 1024, sizeof(Message));
    // Timed send and receive (10 s): a peer that dies between calls cannot keep the other
    // waiting. One killed inside a call, holding the queue's mutex, still could (see
    // cookbook/message_queue.hpp); the recipes, whose peers may be killed, use
    // ipc::send_within and receive_within, which never wait inside the queue.
    const double queue_rate = messages_per_second(
        n, sum,
        [&](long i) {
            const Message m{i, {}};
            return queue.timed_send(&m, sizeof m, 0, cookbook::ipc::deadline_in(10s));
        },
        [&]() -> std::optional<long> {
            Message m{};
            bip::message_queue::size_type size = 0;
            unsigned priority = 0;
            if (!queue.timed_receive(&m, sizeof m, size, priority,
                                     cookbook::ipc::deadline_in(10s))) {
                return std::nullopt;
            }
            return m.number;
        });
    report.add({"msgs_2_processes", "message_queue", "msg/s", Better::higher, queue_rate,
                pipe_limit, std::to_string(sum)});

    long bytes = 0, pages = 0;
    const double by_coroutines = pages_by_coroutines(server.urls(), clients, bytes, pages);
    report.add({"http_pages_per_s",
                "coroutines",
                "pages/s",
                Better::higher,
                by_coroutines,
                {},
                std::to_string(bytes)});
    const double by_threads = pages_by_threads(server.urls(), clients, bytes, pages);
    report.add({"http_pages_per_s",
                "threads",
                "pages/s",
                Better::higher,
                by_threads,
                {},
                std::to_string(bytes)});
    const int connections = 50;
    const long each = report.size(4, 100);
    long ok = 0;
    const double beast = requests_per_second(server.port(), connections, each, ok);
    const std::string beast_ok = std::to_string(ok);
    if (auto python = python_requests_per_second(report, connections, each, ok)) {
        report.add_python("http_server_req_per_s/beast_corpus_server", *python, std::to_string(ok));
    }
    report.add({"http_server_req_per_s",
                "beast_corpus_server",
                "req/s",
                Better::higher,
                beast,
                {},
                beast_ok});

    const long trips = report.size(10, 400);
    long done = 0;
    const double echoes = echo_round_trips_per_second(connections, trips, done);
    report.add({"echo_round_trips_per_s",
                "asio_coroutines",
                "round trips/s",
                Better::higher,
                echoes,
                {},
                std::to_string(done)});
    return report.finish();
}
