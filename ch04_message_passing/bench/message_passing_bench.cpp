// Benchmarks for chapter 4: how fast messages move through each channel of the chapter, and
// how much concurrency buys a reader that waits on a server.
//   - throughput, 64-byte and 64 KiB messages: pipe, message_queue, AF_UNIX socket, TCP
//     loopback, and a shared-memory ring (boost::lockfree::spsc_queue in a shared_memory_object).
//     A sender thread writes one message per call; the benchmark loop takes one message per
//     iteration (stream readers read into a 64 KiB buffer, as a framed-protocol reader would).
//     Sender and receiver are two THREADS of this process (the kernel copies the same bytes as
//     between processes, but the scheduler may keep both on one vCPU): the names say so.
//   - round trips of one 64-byte message (pipe, AF_UNIX, TCP) between two PROCESSES: the echo
//     peer is this program started again (Child::self, --bench-peer IN OUT) with its ends of
//     the channel inherited; each trip must wake the other process twice.
//   - pages/s reading 200 pages with 20 ms latency: serial, 16 threads, 16 coroutines.
// Run with ./cookbook bench ch04; the summary at the end compares with the targets.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/interprocess/ipc/message_queue.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/http.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace bip = boost::interprocess;
namespace http = cookbook::http;

namespace {

// Rates measured by the benchmarks below, for the summary that main() prints at the end.
std::mutex rates_mutex;
std::map<std::string, double> rates;
void record(const std::string& name, double per_second) {
    const std::lock_guard lock(rates_mutex);
    rates[name] = per_second;
}

// ---- stream channels: a pair of descriptors, one to write, one to read

struct Channel {
    int write_fd = -1;
    int read_fd = -1;  // the same as write_fd for a socket
    Channel(int write, int read) : write_fd(write), read_fd(read) {}
    Channel(Channel&& other) noexcept
        : write_fd(std::exchange(other.write_fd, -1)), read_fd(std::exchange(other.read_fd, -1)) {}
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;
    ~Channel() {
        if (write_fd >= 0)
            ::close(write_fd);
        if (read_fd >= 0 && read_fd != write_fd)
            ::close(read_fd);
    }
};

void write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t put = ::write(fd, data, size);
        if (put <= 0)
            throw std::runtime_error("write failed");
        data += put;
        size -= static_cast<std::size_t>(put);
    }
}
void read_exactly(int fd, char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t got = ::read(fd, data, size);
        if (got <= 0)
            throw std::runtime_error("read failed");
        data += got;
        size -= static_cast<std::size_t>(got);
    }
}

// Two connected channels (one each way) of the given kind.
std::pair<Channel, Channel> connect(const std::string& kind) {
    int a[2], b[2];
    if (kind == "pipe") {
        if (::pipe2(a, O_CLOEXEC) != 0 || ::pipe2(b, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe2");
        return {Channel{a[1], b[0]}, Channel{b[1], a[0]}};
    }
    if (kind == "unix") {
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, a) != 0)
            throw std::runtime_error("socketpair");
        return {Channel{a[0], a[0]}, Channel{a[1], a[1]}};
    }
    // TCP on 127.0.0.1, a port the OS picks; Nagle off so that small messages go at once.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener, 1);
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("connect");
    const int server = ::accept(listener, nullptr, nullptr);
    ::close(listener);
    const int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return {Channel{client, client}, Channel{server, server}};
}

// One iteration = one message of `size` bytes taken by a reader with a 64 KiB buffer.
void BM_StreamBetweenThreads(benchmark::State& state, const std::string& kind) {
    const auto size = static_cast<std::size_t>(state.range(0));
    auto [sender, receiver] = connect(kind);
    const long messages = static_cast<long>(state.max_iterations);
    std::jthread writer([&, fd = sender.write_fd] {
        const std::vector<char> message(size, 'm');
        for (long i = 0; i < messages; ++i)
            write_all(fd, message.data(), size);
    });
    std::vector<char> buffer(64 * 1024);
    std::size_t available = 0;
    cookbook::Stopwatch watch;
    for (auto _ : state) {
        std::size_t needed = size;  // consume one message from the buffer, refilling it as needed
        while (needed > 0) {
            if (available == 0) {
                const ssize_t got = ::read(receiver.read_fd, buffer.data(), buffer.size());
                if (got <= 0)
                    throw std::runtime_error("read failed");
                available = static_cast<std::size_t>(got);
            }
            const std::size_t take = std::min(needed, available);
            needed -= take;
            available -= take;
        }
    }
    record(kind + "/" + std::to_string(size), static_cast<double>(messages) / watch.seconds());
    writer.join();
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<long>(size));
}
BENCHMARK_CAPTURE(BM_StreamBetweenThreads, pipe, std::string("pipe"))
    ->Arg(64)
    ->Arg(64 * 1024)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_StreamBetweenThreads, unix_socket, std::string("unix"))
    ->Arg(64)
    ->Arg(64 * 1024)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_StreamBetweenThreads, tcp_loopback, std::string("tcp"))
    ->Arg(64)
    ->Arg(64 * 1024)
    ->UseRealTime();

// The echo peer of the round trips, in its own process: reads 64 bytes, writes them back,
// until end of file.
int echo_peer(int in, int out) {
    char message[64];
    while (true) {
        for (std::size_t got = 0; got < sizeof message;) {
            const ssize_t n = ::read(in, message + got, sizeof message - got);
            if (n <= 0)
                return n == 0 ? 0 : 1;  // end of file: the benchmark is done
            got += static_cast<std::size_t>(n);
        }
        write_all(out, message, sizeof message);
    }
}

// One iteration = one 64-byte message to another process and back.
void BM_RoundTripProcesses(benchmark::State& state, const std::string& kind) {
    auto [here, there] = connect(kind);
    cookbook::ChildOptions pass_ends;  // the peer gets its two ends as 3 and 4, and nothing else
    pass_ends.pass_fds = {{3, there.read_fd}, {4, there.write_fd}};
    auto peer = cookbook::Child::self({"--bench-peer", "3", "4"}, pass_ends);
    { const Channel ours = std::move(there); }  // close our copies: the peer's are the only ones
    char message[64] = {};
    for (auto _ : state) {
        write_all(here.write_fd, message, sizeof message);
        read_exactly(here.read_fd, message, sizeof message);
    }
    { const Channel closing = std::move(here); }  // end of file: the peer leaves its loop
    if (!peer.wait(std::chrono::seconds(10)).ok())
        state.SkipWithError("the echo peer failed");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_RoundTripProcesses, pipe, std::string("pipe"))
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_RoundTripProcesses, unix_socket, std::string("unix"))
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_RoundTripProcesses, tcp_loopback, std::string("tcp"))
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// ---- Boost.Interprocess message_queue: one iteration = one message received
void BM_MessageQueueBetweenThreads(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    const std::string name = cookbook::ipc::unique_name("bench_mq");
    cookbook::ipc::remove_guard<bip::message_queue> remove(name);
    bip::message_queue queue(bip::create_only, name.c_str(), size <= 64 ? 1024 : 32, size);
    const long messages = static_cast<long>(state.max_iterations);
    std::jthread sender([&] {
        const std::vector<char> message(size, 'q');
        for (long i = 0; i < messages; ++i)
            queue.send(message.data(), size, 0);
    });
    std::vector<char> message(size);
    bip::message_queue::size_type received = 0;
    unsigned priority = 0;
    cookbook::Stopwatch watch;
    for (auto _ : state) {
        queue.receive(message.data(), size, received, priority);
    }
    record("message_queue/" + std::to_string(size),
           static_cast<double>(messages) / watch.seconds());
    sender.join();
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<long>(size));
}
BENCHMARK(BM_MessageQueueBetweenThreads)->Arg(64)->Arg(64 * 1024)->UseRealTime();

// ---- a single-producer single-consumer byte ring in shared memory (no system call at all)
using Ring = boost::lockfree::spsc_queue<char, boost::lockfree::capacity<1 << 20>>;
void BM_SharedMemoryRingBetweenThreads(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    const std::string name = cookbook::ipc::unique_name("bench_ring");
    cookbook::ipc::remove_guard<bip::shared_memory_object> remove(name);
    bip::shared_memory_object memory(bip::create_only, name.c_str(), bip::read_write);
    memory.truncate(sizeof(Ring));
    bip::mapped_region region(memory, bip::read_write);
    Ring* ring = new (region.get_address()) Ring;  // another process would map the same object
    const long messages = static_cast<long>(state.max_iterations);
    std::jthread producer([&] {
        const std::vector<char> message(size, 'r');
        for (long i = 0; i < messages; ++i) {
            for (std::size_t sent = 0; sent < size;) {
                const std::size_t n = ring->push(message.data() + sent, size - sent);
                if (n == 0)
                    std::this_thread::yield();  // full: let the consumer run (maybe on this vCPU)
                sent += n;
            }
        }
    });
    std::vector<char> message(size);
    cookbook::Stopwatch watch;
    for (auto _ : state) {
        for (std::size_t got = 0; got < size;) {
            const std::size_t n = ring->pop(message.data() + got, size - got);
            if (n == 0)
                std::this_thread::yield();  // empty: let the producer run
            got += n;
        }
    }
    record("shm_ring/" + std::to_string(size), static_cast<double>(messages) / watch.seconds());
    producer.join();
    ring->~Ring();
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<long>(size));
}
BENCHMARK(BM_SharedMemoryRingBetweenThreads)->Arg(64)->Arg(64 * 1024)->UseRealTime();

// ---- readers: 200 pages, 20 ms of server latency each
constexpr int corpus_pages = 200;
const http::Corpus& corpus() {
    static const http::Corpus pages(
        {.pages = corpus_pages, .page_bytes = 4096, .latency = std::chrono::milliseconds(20)});
    return pages;
}
http::CorpusServer& server() {
    static http::CorpusServer instance(corpus());
    return instance;
}

void finish_reader(benchmark::State& state, const std::string& name, double seconds,
                   std::uint64_t checksum) {
    if (checksum != corpus().checksum())
        state.SkipWithError("wrong checksum");
    record(name, corpus_pages / seconds);
}

void BM_ReadPagesSerial(benchmark::State& state) {
    const auto urls = server().urls();
    for (auto _ : state) {
        cookbook::Stopwatch watch;
        http::Client client;
        std::uint64_t checksum = 0;
        for (const auto& url : urls)
            checksum += http::body_hash(client.get(url).body);
        finish_reader(state, "read/serial", watch.seconds(), checksum);
    }
    state.SetItemsProcessed(state.iterations() * corpus_pages);  // pages/s
}
BENCHMARK(BM_ReadPagesSerial)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ReadPagesThreads(benchmark::State& state) {
    const auto urls = server().urls();
    const int threads = static_cast<int>(state.range(0));
    for (auto _ : state) {
        cookbook::Stopwatch watch;
        std::vector<std::uint64_t> sums(static_cast<std::size_t>(threads), 0);
        {
            std::vector<std::jthread> readers;
            for (int t = 0; t < threads; ++t) {
                readers.emplace_back([&, t] {
                    http::Client client;
                    for (std::size_t i = t; i < urls.size(); i += threads)
                        sums[t] += http::body_hash(client.get(urls[i]).body);
                });
            }
        }
        std::uint64_t checksum = 0;
        for (auto sum : sums)
            checksum += sum;
        finish_reader(state, "read/threads", watch.seconds(), checksum);
    }
    state.SetItemsProcessed(state.iterations() * corpus_pages);  // pages/s
}
BENCHMARK(BM_ReadPagesThreads)
    ->Arg(16)
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

asio::awaitable<void> read_worker(const std::vector<std::string>& urls, std::size_t& next,
                                  std::uint64_t& checksum) {
    http::AsyncClient client(co_await asio::this_coro::executor);
    while (next < urls.size()) {
        const std::string& url = urls[next++];
        checksum += http::body_hash((co_await client.get(url)).body);
    }
}

void BM_ReadPagesCoroutines(benchmark::State& state) {
    const auto urls = server().urls();
    for (auto _ : state) {
        cookbook::Stopwatch watch;
        asio::io_context io;
        std::size_t next = 0;
        std::uint64_t checksum = 0;
        for (int w = 0; w < state.range(0); ++w)
            asio::co_spawn(io, read_worker(urls, next, checksum), asio::detached);
        io.run();
        finish_reader(state, "read/coroutines", watch.seconds(), checksum);
    }
    state.SetItemsProcessed(state.iterations() * corpus_pages);  // pages/s
}
BENCHMARK(BM_ReadPagesCoroutines)
    ->Arg(16)
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

double rate(const std::string& name) {
    const auto found = rates.find(name);
    return found == rates.end() ? 0.0 : found->second;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--bench-peer") {  // the round trips' echo process
        return echo_peer(std::stoi(argv[2]), std::stoi(argv[3]));
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    std::printf("\nSummary (this run) against the targets of the chapter:\n");
    std::printf(
        "  between threads, 64-byte messages: pipe %.2f M msg/s (target >= 1.5 M), "
        "message_queue %.2f M msg/s (target >= 0.5 M; Python multiprocessing.Queue 0.22 M)\n",
        rate("pipe/64") / 1e6, rate("message_queue/64") / 1e6);
    std::printf(
        "  between threads, 64 B: unix socket / TCP / shm ring %.2f / %.2f / %.2f M msg/s\n",
        rate("unix/64") / 1e6, rate("tcp/64") / 1e6, rate("shm_ring/64") / 1e6);
    std::printf(
        "  between threads, 64 KiB messages, MB/s: pipe %.0f, message_queue %.0f, unix %.0f, "
        "tcp %.0f, shm ring %.0f\n",
        rate("pipe/65536") * 65536 / 1e6, rate("message_queue/65536") * 65536 / 1e6,
        rate("unix/65536") * 65536 / 1e6, rate("tcp/65536") * 65536 / 1e6,
        rate("shm_ring/65536") * 65536 / 1e6);
    const double serial = rate("read/serial");
    std::printf(
        "  pages/s, 200 pages x 20 ms: serial %.0f, 16 threads %.0f, 16 coroutines %.0f;"
        " coroutines / serial = %.1fx (target >= 10x)\n",
        serial, rate("read/threads"), rate("read/coroutines"),
        serial > 0 ? rate("read/coroutines") / serial : 0.0);
    std::printf(
        "  Round trips between processes (BM_RoundTripProcesses): each one wakes the other "
        "process\n"
        "  twice; on a machine with few vCPUs that wake-up, not the copy, is most of the time.\n");
    return 0;
}
