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
// opened with O_CLOEXEC. Then a child that ends -- or crashes -- gives the reader EOF at once
// instead of a read that waits forever.
// Notice: "end of file" in part 1 comes right after the last number; in part 2 every message
// comes back unchanged, and the child leaves when the parent closes its write end.
#include <fcntl.h>
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

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// One end of a pipe, holding the descriptor (it closes it when destroyed).
class PipeEnd {
public:
    PipeEnd(asio::io_context& io, int fd) : end_(io, fd) {}
    void send(const std::string& message) { asio::write(end_, asio::buffer(message + "\n")); }
    // The next message, or nullopt at end of file (every write end closed).
    std::optional<std::string> receive() {
        boost::system::error_code error;
        asio::read_until(end_, buffer_, '\n', error);
        if (error == asio::error::eof && buffer_.size() == 0) {
            return std::nullopt;
        }
        if (error && error != asio::error::eof) {
            throw std::runtime_error("pipe read: " + error.message());
        }
        std::string message;
        std::istream in(&buffer_);
        std::getline(in, message);
        return message;
    }
    void close() { end_.close(); }

private:
    asio::posix::stream_descriptor end_;
    asio::streambuf buffer_;
};

// A pipe whose ends are not inherited by children (O_CLOEXEC), except the one we pass on.
struct Pipe {
    int read_fd = -1;
    int write_fd = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        read_fd = fds[0];
        write_fd = fds[1];
    }
};
void inherit(int fd) { ::fcntl(fd, F_SETFD, 0); }  // clear FD_CLOEXEC: the child gets this one

int run_child(const std::string& part, int read_fd, int write_fd, int count) {
    asio::io_context io;
    PipeEnd out(io, write_fd);
    if (part == "one-way") {  // send the numbers, then leave: leaving closes the write end
        for (int i = 0; i < count; ++i) {
            out.send(std::to_string(i));
        }
        return 0;
    }
    PipeEnd in(io, read_fd);  // duplex: echo every message until the parent closes its end
    while (const auto message = in.receive()) {
        out.send(*message);
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    int messages = 10;
    std::string child_part;
    int read_fd = -1;
    int write_fd = -1;
    cookbook::cli::Options options("ch04_pipe", "One-way and duplex pipes between parent and child.");
    options.count("messages", messages, "messages in each part", 1, 100000)
        .internal("child", child_part)
        .internal("read-fd", read_fd)
        .internal("write-fd", write_fd);
    options.parse(argc, argv);
    if (!child_part.empty()) {
        return run_child(child_part, read_fd, write_fd, messages);
    }
    asio::io_context io;
    const std::string count = std::to_string(messages);

    // Part 1, Pipe(duplex=False): the child writes, the parent reads until end of file.
    Pipe numbers;
    inherit(numbers.write_fd);
    auto writer = cookbook::Child::self({"--child", "one-way", "--write-fd",
                                         std::to_string(numbers.write_fd), "--messages", count});
    ::close(numbers.write_fd);  // our copy: keep it open and end of file would never come
    PipeEnd from_child(io, numbers.read_fd);
    long received = 0;
    long sum = 0;
    while (const auto number = from_child.receive()) {
        received += 1;
        sum += std::stol(*number);
    }
    console::line("part 1: ", received, " numbers received, then end of file (sum ", sum, ")");
    const bool writer_ok = writer.wait(5s).ok();

    // Part 2, Pipe(): two pipes, one each way; the child echoes what it reads.
    Pipe to, from;
    inherit(to.read_fd);
    inherit(from.write_fd);
    auto echo = cookbook::Child::self({"--child", "duplex", "--read-fd", std::to_string(to.read_fd),
                                       "--write-fd", std::to_string(from.write_fd)});
    ::close(to.read_fd);
    ::close(from.write_fd);
    PipeEnd requests(io, to.write_fd);
    PipeEnd replies(io, from.read_fd);
    int intact = 0;
    for (int i = 0; i < messages; ++i) {
        const std::string message = "message " + std::to_string(i) + " from pid " +
                                    std::to_string(::getpid());
        requests.send(message);
        const auto reply = replies.receive();  // nullopt if the child died: no endless wait
        intact += (reply == message) ? 1 : 0;
    }
    requests.close();  // the child's read gets end of file: it leaves its loop and exits
    const bool echo_ok = echo.wait(5s).ok() && !replies.receive().has_value();
    console::line("part 2: the child echoed ", intact, " messages and left at end of file");

    const long expected_sum = static_cast<long>(messages) * (messages - 1) / 2;
    console::line("one-way numbers received: ", received, " of ", messages,
                  "; messages echoed back intact: ", intact, " of ", messages);
    if (received != messages || sum != expected_sum || intact != messages || !writer_ok || !echo_ok) {
        console::error("a message was lost or changed, or a child failed");
        return 1;
    }
    return 0;
}
