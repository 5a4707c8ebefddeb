// Killing a process: end a child from outside, and read back how it ended.
//
// Python: p.terminate() (sends SIGTERM), p.kill() (SIGKILL), p.is_alive(), p.join(),
//         p.exitcode (-15 after SIGTERM).
// Boost:  boost::process::v2::process: request_exit() sends SIGTERM (Python's terminate()),
//         terminate() sends SIGKILL (Python's kill()); running() is is_alive(); async_wait()
//         with a time limit is join(timeout); exit_code(). std: nothing.
//
// How a process ended is one number, the wait status: either "exited with code N" or
// "killed by signal S". Python folds both into exitcode (N, or -S). Boost.Process's
// exit_code() returns N or S with no way to tell them apart, so the raw status
// (native_exit_code()) is decoded here: WIFEXITED / WIFSIGNALED / WTERMSIG, in
// cookbook::ExitStatus.
// Notice: right after the signal the child may still be running -- a signal is delivered
// asynchronously, as the book's killing_processes.py shows with is_alive() -- and only after
// the wait is it gone. SIGTERM can be caught (to clean up); SIGKILL cannot.
#include <boost/asio/io_context.hpp>
#include <boost/process/v2/process.hpp>
#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>

#include "cookbook/child.hpp"  // ExitStatus, self_executable()
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace bp = boost::process::v2;
namespace console = cookbook::console;

namespace {

const char* yes_no(bool value) {
    return value ? "yes" : "no";
}

// Starts a child that would work for 10 s, ends it, and reports how it ended.
cookbook::ExitStatus kill_child(bool politely) {
    boost::asio::io_context io;  // Boost.Process v2 needs one, for async_wait()
    // This same program again, told to play the child. If anything below throws, ~process
    // kills the child (SIGKILL) and reaps it: no child outlives this function.
    bp::process child(io, cookbook::self_executable(), {"--child", "10000"});
    console::line("-- child ", child.id(), " started; running: ", yes_no(child.running()));
    if (politely) {
        child.request_exit();  // SIGTERM, Python's terminate(): the child may clean up first
    } else {
        child.terminate();  // SIGKILL, Python's kill() (Boost >= 1.88 also reaps it here)
    }
    console::line("sent ", politely ? "SIGTERM (request_exit)" : "SIGKILL (terminate)",
                  "; running right after: ", yes_no(child.running()),
                  " (a signal is asynchronous)");
    // join(timeout): async_wait() completes once the child has ended and been reaped (at
    // once if running() above already reaped it); run_for() runs the io_context until then,
    // or until the time is up.
    bool ended = false;
    child.async_wait([&ended](bp::error_code error, int) { ended = !error; });
    io.run_for(std::chrono::seconds(5));
    if (!ended) {
        throw std::runtime_error("the child outlived its signal");  // ~process kills it
    }
    const auto status = cookbook::ExitStatus::from_wait_status(child.native_exit_code());
    console::line("after the wait: ", status.describe());
    console::line("Boost.Process exit_code(): ", child.exit_code(), "; Python's exitcode would be ",
                  status.exited ? status.code : -status.signal);
    return status;
}

}  // namespace

int main(int argc, char* argv[]) {
    int child = -1;  // in the child: how long to work, in milliseconds
    cookbook::cli::Options options(
        "ch03_kill_process", "Ends a child with SIGTERM (Python's terminate) and with SIGKILL.");
    options.internal("child", child);
    options.parse(argc, argv);
    if (child >= 0) {
        console::tagged(console::pid_tag(), "child: working for up to ", child / 1000, " s");
        std::this_thread::sleep_for(std::chrono::milliseconds(child));  // never finishes here
        return 0;
    }

    cookbook::ExitStatus terminated, killed;
    try {
        terminated = kill_child(true);
        killed = kill_child(false);
    } catch (const std::exception& e) {  // the child could not be started, or did not end
        console::error(e.what());
        return 1;
    }

    console::line("first child: ", terminated.describe(), "; second child: ", killed.describe());
    if (terminated.exited || terminated.signal != SIGTERM || killed.exited ||
        killed.signal != SIGKILL) {
        console::error("a killed child was not reported as terminated by its signal");
        return 1;
    }
    return 0;
}
