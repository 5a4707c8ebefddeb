// Using pipes to exchange data between a parent and its child process (POSIX).
//
// Python: multiprocessing.Pipe(duplex=False) gives one-way ends, Pipe() two-way ends;
//         send() / recv(), and EOFError when the other side has closed its end.
// C++:    a pipe(2) is one-way; two pipes make a duplex connection. The ends are file
//         descriptors, read and written here through asio::posix::stream_descriptor. The child
//         is this same program (Child::self), told on its command line which descriptors to use.
//
// The lesson of the book's communicating_with_pipe.py, in C++: close the ends you do not use.
// The reader sees end-of-file only when *every* copy of the write end is closed, so the parent
// closes the child's ends right after starting it, and the ends the child must not inherit are
// opened with O_CLOEXEC. Then a reader whose writer ends -- or crashes -- gets EOF at once.
// The other direction: writing to a pipe that nobody reads any more raises SIGPIPE, which
// kills the writer. Here SIGPIPE is ignored, so the write fails with EPIPE instead and the
// parent reports that its child has gone. A child that is alive but stuck must not hang the
// parent either: every read waits at most --timeout-ms (an async read, then run_for).
// Notice: "end of file" in part 1 comes right after the last number; in part 2 every message
// comes back unchanged, and the child leaves when the parent closes its write end.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

// One end of a pipe, holding the descriptor (it closes it when destroyed).
class PipeEnd {
public:
    PipeEnd(asio::io_context& io, int fd) : io_(io), end_(io, fd) {}

    // False if the reader has gone (EPIPE: with SIGPIPE ignored, the write reports it).
    bool send(const std::string& message) {
        boost::system::error_code error;
        asio::write(end_, asio::buffer(message + "\n"), error);
        return !error;
    }

    // The next message, or nullopt at end of file (every write end closed). Throws if nothing
    // comes within `timeout`: the read runs asynchronously, and run_for() bounds the wait.
    std::optional<std::string> receive(milliseconds timeout) {
        std::optional<boost::system::error_code> result;
        asio::async_read_until(end_, buffer_, '\n', [&](auto error, std::size_t) { result = error; });
        io_.restart();
        io_.run_for(timeout);  // returns as soon as the read is done, or when the time is up
        if (!result) {
            end_.cancel();  // stop waiting, and let the cancelled read finish
            io_.restart();
            io_.run();
            throw std::runtime_error("nothing from the other end within " + std::to_string(timeout.count()) + " ms");
        }
        if (*result == asio::error::eof && buffer_.size() == 0) return std::nullopt;
        if (*result && *result != asio::error::eof) throw std::runtime_error("pipe read: " + result->message());
        std::string message;
        std::istream in(&buffer_);
        std::getline(in, message);
        return message;
    }
    void close() { end_.close(); }

private:
    asio::io_context& io_;
    asio::posix::stream_descriptor end_;
    asio::streambuf buffer_;
};

// A pipe whose ends are not inherited by children (O_CLOEXEC), except the one we pass on.
// The ends it still holds are closed when it goes (also if starting the child throws).
struct Pipe {
    int read_fd = -1, write_fd = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        read_fd = fds[0], write_fd = fds[1];
    }
    ~Pipe() { close(read_fd); close(write_fd); }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    static void close(int& fd) { if (fd >= 0) ::close(std::exchange(fd, -1)); }
    static int hand_over(int& fd) { return std::exchange(fd, -1); }  // a PipeEnd owns it now
};
void inherit(int fd) { ::fcntl(fd, F_SETFD, 0); }  // clear FD_CLOEXEC: the child gets this one

int run_child(const std::string& part, int read_fd, int write_fd, int count, milliseconds timeout) {
    asio::io_context io;
    PipeEnd out(io, write_fd);
    if (part == "one-way") {  // send the numbers, then leave: leaving closes the write end
        console::tagged(console::pid_tag(), "writer: sending ", count, " numbers");
        for (int i = 0; i < count; ++i) {
            if (!out.send(std::to_string(i))) return 1;  // the parent has gone
        }
        return 0;
    }
    PipeEnd in(io, read_fd);  // duplex: echo every message until the parent closes its end
    console::tagged(console::pid_tag(), "echo: echoing until end of file");
    while (const auto message = in.receive(timeout)) {
        if (!out.send(*message)) return 1;
    }
    return 0;
}

int run_parent(int messages, milliseconds timeout) {
    asio::io_context io;
    const std::string count = std::to_string(messages), limit = std::to_string(timeout.count());

    // Part 1, Pipe(duplex=False): the child writes, the parent reads until end of file.
    Pipe numbers;
    inherit(numbers.write_fd);
    auto writer = cookbook::Child::self({"--child", "one-way", "--write-fd", std::to_string(numbers.write_fd),
                                         "--messages", count, "--timeout-ms", limit});
    Pipe::close(numbers.write_fd);  // our copy: keep it open and end of file would never come
    PipeEnd from_child(io, Pipe::hand_over(numbers.read_fd));
    long received = 0, sum = 0;
    while (const auto number = from_child.receive(timeout)) {
        received += 1;
        sum += std::stol(*number);
    }
    console::line("part 1: ", received, " numbers received, then end of file (sum ", sum, ")");
    if (received != messages || sum != long(messages) * (messages - 1) / 2 || !writer.wait(timeout).ok()) {
        console::error("part 1: a number was lost or changed, or the writer failed");
        return 1;
    }

    // Part 2, Pipe(): two pipes, one each way; the child echoes what it reads.
    Pipe to, from;
    inherit(to.read_fd);
    inherit(from.write_fd);
    auto echo = cookbook::Child::self({"--child", "duplex", "--read-fd", std::to_string(to.read_fd),
                                       "--write-fd", std::to_string(from.write_fd), "--timeout-ms", limit});
    Pipe::close(to.read_fd);
    Pipe::close(from.write_fd);
    PipeEnd requests(io, Pipe::hand_over(to.write_fd));
    PipeEnd replies(io, Pipe::hand_over(from.read_fd));
    int intact = 0;
    for (int i = 0; i < messages; ++i) {
        const std::string message = "message " + std::to_string(i) + " from pid " + std::to_string(::getpid());
        // A child that died: EPIPE on the send, or end of file on the read -- never a hang.
        const auto reply = requests.send(message) ? replies.receive(timeout) : std::nullopt;
        if (!reply) {
            console::error("the echo child has gone (", echo.wait(timeout).describe(), ") after ",
                           intact, " of ", messages, " replies");
            return 1;
        }
        intact += (reply == message) ? 1 : 0;
    }
    requests.close();  // the child's read gets end of file: it leaves its loop and exits
    const bool echo_ok = echo.wait(timeout).ok() && !replies.receive(timeout).has_value();
    console::line("part 2: the child echoed ", intact, " messages and left at end of file");

    console::line("one-way numbers received: ", received, " of ", messages,
                  "; messages echoed back intact: ", intact, " of ", messages);
    if (intact != messages || !echo_ok) {
        console::error("a message was changed on the way, or the echo child failed");
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    ::signal(SIGPIPE, SIG_IGN);  // a write to a pipe without a reader: EPIPE, not death
    int messages = 10, timeout_ms = 5000, read_fd = -1, write_fd = -1;
    std::string child_part;
    cookbook::cli::Options options("ch04_pipe", "One-way and duplex pipes between parent and child.");
    options.count("messages", messages, "messages in each part", 1, 1'000'000)
        .count("timeout-ms", timeout_ms, "how long a read waits for the other end", 10, 600'000)
        .internal("child", child_part)
        .internal("read-fd", read_fd)
        .internal("write-fd", write_fd);
    options.parse(argc, argv);
    try {
        return child_part.empty() ? run_parent(messages, milliseconds(timeout_ms))
                                  : run_child(child_part, read_fd, write_fd, messages, milliseconds(timeout_ms));
    } catch (const std::exception& e) {
        console::error(child_part.empty() ? "" : "child: ", e.what());
        return 1;
    }
}
