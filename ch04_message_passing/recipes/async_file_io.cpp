// Asynchronous file I/O: copy a file with coroutines, the reads and writes done on a thread pool.
//
// Python: aiofiles (`await f.read()`): each blocking read and write on a thread pool.
// C++:    the same idea written out: a coroutine on an asio::io_context hands each pread/pwrite
//         to an asio::thread_pool (co_spawn(pool, ..., use_awaitable)) and is resumed on its own
//         thread when it is done. Asio's random_access_file needs io_uring (liburing) at build
//         time, and epoll cannot wait on regular files, so a pool is what most programs use.
// The copy is double-buffered: chunk k is written while chunk k+1 is read, on two pool threads
// at once (`&&` waits for both). Meanwhile the loop's own thread is free: a heartbeat ticks
// every millisecond until `||` stops it when the copy has finished. Then the copy is compared
// with the original, byte for byte; both live in a cookbook::TempDir.
// Notice: the heartbeat kept ticking while reads and writes were under way on the pool (had
// they run on the loop's thread, it could not have).
#include <fcntl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <vector>

#include "cookbook/asio.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/posix_file.hpp"  // File, read_at, write_at: blocking calls
#include "cookbook/temp_dir.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using cookbook::File, cookbook::read_at, cookbook::write_at;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

namespace {

struct Offload {  // the pool that does the blocking I/O, and how many calls are under way
    asio::thread_pool pool;
    int busy = 0;
};

// Runs a blocking function on the pool; the awaiting coroutine resumes on the loop's thread.
template <class Function>
asio::awaitable<std::size_t> on_pool(Offload& offload, Function function) {
    offload.busy += 1;
    const std::size_t done = co_await asio::co_spawn(
        offload.pool, [function]() -> asio::awaitable<std::size_t> { co_return function(); },
        asio::use_awaitable);
    offload.busy -= 1;
    co_return done;
}

asio::awaitable<void> copy(const File& in, const File& out, std::size_t total, std::size_t chunk,
                           Offload& offload, std::size_t& copied) {
    std::vector<char> current(chunk), next(chunk);
    std::size_t got =
        co_await on_pool(offload, [&] { return read_at(in, current.data(), chunk, 0); });
    int quarter = 0;
    while (got > 0) {
        const off_t offset = static_cast<off_t>(copied);
        auto [written, next_got] = co_await (  // write this chunk and read the next, together
            on_pool(offload,
                    [&, offset, got] { return write_at(out, current.data(), got, offset); }) &&
            on_pool(offload, [&, offset, got] {
                return read_at(in, next.data(), chunk, offset + static_cast<off_t>(got));
            }));
        copied += written;
        std::swap(current, next);
        got = next_got;
        while (quarter < 4 && copied * 4 >= total * (quarter + 1)) {  // a line at each quarter
            console::line("progress: ", copied >> 20, " of ", total >> 20, " MiB (", ++quarter * 25,
                          "%)");
        }
    }
}

// `||` ends when one side *succeeds*: a copy that threw would leave the heartbeat ticking for
// ever. So a failure (a full disk?) is caught here and reported, and the copy ends.
asio::awaitable<void> copy_or_report(asio::awaitable<void> copying, bool& failed) {
    try {
        co_await std::move(copying);
    } catch (const std::exception& e) {
        console::error("copy: ", e.what());
        failed = true;
    }
}

// Ticks until cancelled; counts the ticks while the pool worked: the loop never waited.
asio::awaitable<void> heartbeat(const Offload& offload, long& ticks, long& ticks_while_busy) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (true) {
        timer.expires_after(1ms);
        co_await timer.async_wait(asio::use_awaitable);
        ticks += 1;
        ticks_while_busy += offload.busy > 0 ? 1 : 0;
    }
}

// Writes a file of pseudo-random bytes, copies it with coroutines and the pool, checks it.
int copy_and_check(const std::string& source_path, const std::string& copy_path, std::size_t total,
                   int chunk_kb, int threads) {
    cookbook::write_pseudo_random(File(source_path, O_WRONLY | O_CREAT | O_TRUNC), total);
    const File in(source_path, O_RDONLY);
    const File out(copy_path, O_RDWR | O_CREAT | O_TRUNC);

    asio::io_context io;  // the event loop: this thread
    Offload offload{asio::thread_pool(static_cast<std::size_t>(threads))};  // the blocking I/O
    std::size_t copied = 0;
    long ticks = 0, ticks_while_busy = 0;  // the heartbeat's
    bool failed = false;
    auto copying = copy(in, out, total, std::size_t(chunk_kb) << 10, offload, copied);
    asio::co_spawn(
        io,
        copy_or_report(std::move(copying), failed) || heartbeat(offload, ticks, ticks_while_busy),
        [](std::exception_ptr error, auto) { cookbook::rethrow(error); });
    io.run();
    offload.pool.join();

    const bool exact = !failed && copied == total && cookbook::same_contents(in, out, total);
    console::line("the event loop's heartbeat ticked ", ticks, " times during the copy, ",
                  ticks_while_busy, " of them while the pool was reading or writing");
    console::line("copied ", copied, " of ", total, " bytes in chunks of ", chunk_kb,
                  " KiB; byte-exact: ", exact ? "yes" : "no");
    if (!exact && !failed) {  // (a failed copy has said why: copy_or_report)
        console::error("the copy differs from the original");
    }
    return exact ? 0 : 1;
}

}  // namespace

int main(int argc, char* argv[]) {
    int megabytes = 32, chunk_kb = 256, threads = 2;
    cookbook::cli::Options options("ch04_async_file_io",
                                   "Copies a file with coroutines and a thread pool.");
    options.count("megabytes", megabytes, "size of the file to copy, in MiB", 1, 4096)
        .count("chunk-kb", chunk_kb, "bytes per read and write, in KiB", 4, 65536)
        .count("threads", threads, "threads of the pool doing the file I/O", 1, 64);
    options.parse(argc, argv);
    try {
        cookbook::TempDir directory("copy");  // removed at the end, also on Ctrl-C/SIGTERM/SIGHUP
        return copy_and_check(directory.file("source.bin"), directory.file("copy.bin"),
                              std::size_t(megabytes) << 20, chunk_kb, threads);
    } catch (const std::exception& e) {  // no temporary directory, a full disk, ...
        console::error(e.what());
        return 1;
    }
}
