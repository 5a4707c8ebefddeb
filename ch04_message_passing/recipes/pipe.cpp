// Using pipes to exchange data between processes: the book's two-stage pipeline (POSIX).
//
// Python: the book's communicating_with_pipe.py: multiprocessing.Pipe(duplex=False) twice;
//         one process sends the numbers 0..9, a second squares what it receives and sends the
//         squares on, the parent prints them; recv() raises EOFError once the sender has closed.
// C++:    asio::connect_pipe(readable_pipe, writable_pipe): one pipe(2), one-way, its two ends
//         as Asio objects. The children are this same program (Child::self), each given the
//         ends it uses (ChildOptions::pass_fds); lines go through cookbook::send_line and
//         LineReader (common's lines.hpp), where every read and write waits at most
//         --timeout-ms: a stuck child hangs nobody.
//
// The lesson: close the ends you do not use. A reader sees end of file only when *every* copy
// of the pipe's write end is closed. The parent holds a copy of each end it makes, so it
// closes those its children use as soon as they are started; a child inherits only the ends
// passed to it. Then end of file travels down the pipeline: the producer ends, the squarer
// reads EOF and ends, the parent reads EOF. (Had the parent kept the numbers pipe's write
// end, the squarer would wait for ever -- here, until its bound.) A write to a pipe nobody
// reads raises SIGPIPE, which kills; it is ignored, so the write fails (EPIPE) instead.
// Notice: the squares arrive in order, then end of file; every process ends with code 0.
#include <signal.h>

#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/lines.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

constexpr int in_fd = 3, out_fd = 4;  // where a child finds the ends passed to it

int run_producer(int count, milliseconds timeout) {
    asio::io_context io;
    asio::writable_pipe out(io, out_fd);
    console::tagged(console::pid_tag(), "producer: sending 0 .. ", count - 1);
    for (int i = 0; i < count; ++i) {
        if (!cookbook::send_line(io, out, std::to_string(i), timeout)) {
            return 1;  // the squarer has gone
        }
    }
    return 0;  // leaving closes our write end: the squarer reads end of file
}

int run_squarer(milliseconds timeout) {
    asio::io_context io;
    asio::readable_pipe in(io, in_fd);
    asio::writable_pipe out(io, out_fd);
    cookbook::LineReader numbers(io, in);
    console::tagged(console::pid_tag(), "squarer: squaring until end of file");
    while (const auto number = numbers.receive(timeout)) {
        const long n = std::stol(*number);
        if (!cookbook::send_line(io, out, std::to_string(n * n), timeout)) {
            return 1;
        }
    }
    return 0;
}

int run_parent(int count, milliseconds timeout, const std::vector<std::string>& our_options) {
    asio::io_context io;
    asio::readable_pipe numbers_in(io), squares_in(io);
    asio::writable_pipe numbers_out(io), squares_out(io);
    asio::connect_pipe(numbers_in, numbers_out);  // producer -> squarer
    asio::connect_pipe(squares_in, squares_out);  // squarer -> parent
    auto start = [&](const char* role, std::vector<cookbook::PassedFd> ends) {
        std::vector<std::string> args = our_options;
        args.insert(args.end(), {"--child", role});
        cookbook::ChildOptions options;
        options.pass_fds = std::move(ends);
        return cookbook::Child::self(args, options);
    };
    auto producer = start("producer", {{out_fd, numbers_out.native_handle()}});
    auto squarer = start(
        "squarer", {{in_fd, numbers_in.native_handle()}, {out_fd, squares_out.native_handle()}});
    numbers_in.close();  // the children have their copies; ours would keep end of file away
    numbers_out.close();
    squares_out.close();

    cookbook::LineReader squares(io, squares_in);
    long received = 0, in_order = 0;
    while (const auto square = squares.receive(timeout)) {
        console::line(received, " squared is ", *square);
        in_order += std::stol(*square) == received * received ? 1 : 0;
        received += 1;
    }
    const bool children_ok = producer.wait(timeout).ok() && squarer.wait(timeout).ok();
    console::line("squares received: ", received, " of ", count, ", ", in_order,
                  " in order, then end of file");
    if (received != count || in_order != count || !children_ok) {
        console::error("a square was lost or wrong, or a process of the pipeline failed");
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    ::signal(SIGPIPE, SIG_IGN);  // a write to a pipe without a reader: EPIPE, not death
    int numbers = 10, timeout_ms = 5000;
    std::string role;
    cookbook::cli::Options options("ch04_pipe", "A pipeline: produce, square, print.");
    options.count("numbers", numbers, "numbers through the pipeline", 1, 1'000'000)
        .count("timeout-ms", timeout_ms, "how long a read or write waits for the other end", 10,
               600'000)
        .internal("child", role);
    options.parse(argc, argv);
    const milliseconds timeout(timeout_ms);
    try {
        if (role == "producer") {
            return run_producer(numbers, timeout);
        }
        return role == "squarer" ? run_squarer(timeout)
                                 : run_parent(numbers, timeout, options.arguments());
    } catch (const std::exception& e) {  // a bound ran out, or a pipe broke
        console::error(role.empty() ? "" : role + ": ", e.what());
        return 1;
    }
}
