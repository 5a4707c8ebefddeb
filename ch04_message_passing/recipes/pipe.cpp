// Using pipes to exchange data between a parent and its child process (POSIX).
//
// Python: multiprocessing.Pipe(duplex=False) gives one-way ends, Pipe() two-way ends;
//         send() / recv(), and EOFError when the other side has closed its end.
// C++:    a pipe(2) is one-way; two pipes make a duplex connection. The ends are file
//         descriptors, used through asio::posix::stream_descriptor (PipeEnd, pipe_end.hpp).
//         The child is this same program (Child::self), told which descriptors to use.
//
// The lesson of the book's communicating_with_pipe.py: close the ends you do not use. A reader
// sees end of file only when *every* copy of the write end is closed, so the parent closes the
// child's ends after starting it, and the child inherits only the ends passed to it. Then a
// reader whose writer ends -- or crashes -- gets EOF at once. Writing to a pipe nobody reads
// raises SIGPIPE, which kills; here it is ignored, so the write fails (EPIPE) and the parent
// reports its child gone. Every read waits at most --timeout-ms: a stuck child hangs nobody.
// Notice: "end of file" in part 1 comes right after the last number; in part 2 every message
// comes back unchanged, and the child leaves when the parent closes its write end.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "pipe_end.hpp"  // PipeEnd: send() a line; receive() one, waiting at most a timeout

namespace asio = boost::asio;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

void close_end(int& fd) {
    if (fd >= 0) {
        ::close(std::exchange(fd, -1));
    }
}

// A pipe whose ends are not inherited by children (O_CLOEXEC), except the one we pass on.
// The ends it still holds are closed when it goes (also if starting the child throws).
struct Pipe {
    int read_fd = -1, write_fd = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        read_fd = fds[0];
        write_fd = fds[1];
    }
    ~Pipe() {
        close_end(read_fd);
        close_end(write_fd);
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
};

// The child finds the ends passed to it as descriptors 3 and 4; it inherits no other.
constexpr int child_read_fd = 3, child_write_fd = 4;

int run_child(const std::string& part, int read_fd, int write_fd, int count, milliseconds timeout) {
    asio::io_context io;
    PipeEnd out(io, write_fd);
    if (part == "one-way") {  // send the numbers, then leave: leaving closes the write end
        console::tagged(console::pid_tag(), "writer: sending ", count, " numbers");
        for (int i = 0; i < count; ++i) {
            if (!out.send(std::to_string(i)))
                return 1;  // the parent has gone
        }
        return 0;
    }
    PipeEnd in(io, read_fd);  // duplex: echo every message until the parent closes its end
    console::tagged(console::pid_tag(), "echo: echoing until end of file");
    while (const auto message = in.receive(timeout)) {
        if (!out.send(*message))
            return 1;
    }
    return 0;
}

int run_parent(int messages, milliseconds timeout) {
    asio::io_context io;
    const std::string count = std::to_string(messages), limit = std::to_string(timeout.count());

    // Part 1, Pipe(duplex=False): the child writes, the parent reads until end of file.
    Pipe numbers;
    cookbook::ChildOptions pass_write_end;
    pass_write_end.pass_fds = {{child_write_fd, numbers.write_fd}};
    auto writer =
        cookbook::Child::self({"--child", "one-way", "--write-fd", std::to_string(child_write_fd),
                               "--messages", count, "--timeout-ms", limit},
                              pass_write_end);
    close_end(numbers.write_fd);  // our copy: keep it open and end of file would never come
    PipeEnd from_child(io, std::exchange(numbers.read_fd, -1));
    long received = 0, sum = 0;
    while (const auto number = from_child.receive(timeout)) {
        received += 1;
        sum += std::stol(*number);
    }
    console::line("part 1: ", received, " numbers received, then end of file (sum ", sum, ")");
    if (received != messages || sum != long(messages) * (messages - 1) / 2 ||
        !writer.wait(timeout).ok()) {
        console::error("part 1: a number was lost or changed, or the writer failed");
        return 1;
    }

    // Part 2, Pipe(): two pipes, one each way; the child echoes what it reads.
    Pipe to, from;
    cookbook::ChildOptions pass_both;
    pass_both.pass_fds = {{child_read_fd, to.read_fd}, {child_write_fd, from.write_fd}};
    auto echo =
        cookbook::Child::self({"--child", "duplex", "--read-fd", std::to_string(child_read_fd),
                               "--write-fd", std::to_string(child_write_fd), "--timeout-ms", limit},
                              pass_both);
    close_end(to.read_fd);
    close_end(from.write_fd);
    PipeEnd requests(io, std::exchange(to.write_fd, -1));
    PipeEnd replies(io, std::exchange(from.read_fd, -1));
    int intact = 0;
    for (int i = 0; i < messages; ++i) {
        const std::string message =
            "message " + std::to_string(i) + " from pid " + std::to_string(::getpid());
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
    cookbook::cli::Options options("ch04_pipe",
                                   "One-way and duplex pipes between parent and child.");
    options.count("messages", messages, "messages in each part", 1, 1'000'000)
        .count("timeout-ms", timeout_ms, "how long a read waits for the other end", 10, 600'000)
        .internal("child", child_part)
        .internal("read-fd", read_fd)
        .internal("write-fd", write_fd);
    options.parse(argc, argv);
    try {
        return child_part.empty()
                   ? run_parent(messages, milliseconds(timeout_ms))
                   : run_child(child_part, read_fd, write_fd, messages, milliseconds(timeout_ms));
    } catch (const std::exception& e) {
        console::error(child_part.empty() ? "" : "child: ", e.what());
        return 1;
    }
}
