// A two-way pipe between a parent and its child: requests one way, answers the other (POSIX).
//
// Python: multiprocessing.Pipe() (duplex=True): both ends send() and recv().
// C++:    a pipe(2) is one-way, so a duplex connection is two of them: asio::connect_pipe
//         twice, one pipe to the child and one back. (A socketpair(2) would be one two-way
//         channel, as Python's duplex Pipe is on Linux.) The child is this same program
//         (Child::self), given its two ends; cookbook::send_line and LineReader bound every
//         write and read (see pipe).
//
// The child echoes each line it reads, until end of file. The parent sends a message, waits
// for its echo, and so on; then it closes its write end, which is how the child learns that
// nothing more will come. A child that died shows as EPIPE on the parent's next write (SIGPIPE
// is ignored) or end of file on its next read -- never as a hang.
// Notice: every message comes back unchanged, and the child leaves at end of file.
#include <signal.h>
#include <unistd.h>

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

constexpr int in_fd = 3, out_fd = 4;  // where the child finds the ends passed to it

int run_echo(milliseconds timeout) {
    asio::io_context io;
    asio::readable_pipe in(io, in_fd);
    asio::writable_pipe out(io, out_fd);
    cookbook::LineReader requests(io, in);
    console::tagged(console::pid_tag(), "echo: echoing until end of file");
    while (const auto message = requests.receive(timeout)) {
        if (!cookbook::send_line(io, out, *message, timeout)) {
            return 1;  // the parent has gone
        }
    }
    return 0;
}

int run_parent(int messages, milliseconds timeout, std::vector<std::string> args) {
    asio::io_context io;
    asio::readable_pipe to_child_in(io), from_child_in(io);
    asio::writable_pipe to_child(io), from_child_out(io);
    asio::connect_pipe(to_child_in, to_child);          // parent -> child
    asio::connect_pipe(from_child_in, from_child_out);  // child -> parent
    args.insert(args.end(), {"--child", "echo"});
    cookbook::ChildOptions ends;
    ends.pass_fds = {{in_fd, to_child_in.native_handle()},
                     {out_fd, from_child_out.native_handle()}};
    auto echo = cookbook::Child::self(args, ends);
    to_child_in.close();  // the child's ends: it has its copies, ours would hide its end of file
    from_child_out.close();

    cookbook::LineReader replies(io, from_child_in);
    int intact = 0;
    for (int i = 0; i < messages; ++i) {
        const std::string message =
            "message " + std::to_string(i) + " from pid " + std::to_string(::getpid());
        const auto reply = cookbook::send_line(io, to_child, message, timeout)
                               ? replies.receive(timeout)
                               : std::nullopt;
        if (!reply) {  // EPIPE on the send, or end of file on the read: the child has gone
            console::error("the echo child has gone (", echo.wait(timeout).describe(), ") after ",
                           intact, " of ", messages, " replies");
            return 1;
        }
        intact += *reply == message ? 1 : 0;
    }
    to_child.close();  // the child's read gets end of file: it leaves its loop and exits
    const bool echo_ok = echo.wait(timeout).ok() && !replies.receive(timeout).has_value();
    console::line("messages echoed back intact: ", intact, " of ", messages,
                  "; the child left at end of file: ", echo_ok ? "yes" : "no");
    if (intact != messages || !echo_ok) {
        console::error("a message was changed on the way, or the echo child failed");
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    ::signal(SIGPIPE, SIG_IGN);  // a write to a pipe without a reader: EPIPE, not death
    int messages = 10, timeout_ms = 5000;
    std::string role;
    cookbook::cli::Options options("ch04_pipe_duplex", "A duplex pipe: a child that echoes.");
    options.count("messages", messages, "messages to send and get back", 1, 1'000'000)
        .count("timeout-ms", timeout_ms, "how long a read or write waits for the other end", 10,
               600'000)
        .internal("child", role);
    options.parse(argc, argv);
    try {
        return role == "echo" ? run_echo(milliseconds(timeout_ms))
                              : run_parent(messages, milliseconds(timeout_ms), options.arguments());
    } catch (const std::exception& e) {  // a bound ran out, or a pipe broke
        console::error(role.empty() ? "" : role + ": ", e.what());
        return 1;
    }
}
