// Killing a process: end a child from outside, and read back how it ended.
//
// Python: p.terminate() (sends SIGTERM), p.is_alive(), p.join(), p.exitcode (-15).
// Boost:  boost::process::child::terminate() sends SIGKILL (Boost.Process v1), not SIGTERM;
//         cookbook::Child::signal(SIGTERM) then wait() is what Python does. running() is
//         is_alive(). std: nothing.
//
// How a process ended is one number, the wait status: either "exited with code N" or
// "killed by signal S". Python folds both into exitcode (N, or -S). Boost.Process v1's
// exit_code() returns N or S with no way to tell them apart, so the recipes read the raw
// status (cookbook::ExitStatus: WIFEXITED / WIFSIGNALED / WTERMSIG).
// Notice: right after the signal the child may still be running -- a signal is delivered
// asynchronously, as the book's killing_processes.py shows with is_alive() -- and only after
// the wait is it gone. SIGTERM can be caught (to clean up); SIGKILL cannot.
#include <signal.h>

#include <boost/process/child.hpp>
#include <string>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

const char* yes_no(bool value) {
    return value ? "yes" : "no";
}

// Starts a child that would work for 10 s, sends it `signal_number`, and reports.
cookbook::ExitStatus kill_child(int signal_number, const char* how) {
    cookbook::Child child = cookbook::Child::self({"--child", "10000"});
    console::line("-- child ", child.pid(), " started; running: ", yes_no(child.running()));
    child.signal(signal_number);
    console::line("sent ", how, "; running right after: ", yes_no(child.running()),
                  " (a signal is asynchronous)");
    const cookbook::ExitStatus status = child.wait(5s);  // reaps it: bounded, it was signalled
    console::line("after wait: running: ", yes_no(child.running()), "; ", status.describe());
    // What Boost.Process itself says: the signal number, as if the child had called exit(S).
    console::line("Boost.Process exit_code(): ", child.native().exit_code(),
                  "; Python's exitcode would be ", status.exited ? status.code : -status.signal);
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

    const cookbook::ExitStatus terminated = kill_child(SIGTERM, "SIGTERM (Python's terminate())");
    const cookbook::ExitStatus killed = kill_child(SIGKILL, "SIGKILL (Boost's child::terminate())");

    console::line("first child: ", terminated.describe(), "; second child: ", killed.describe());
    if (terminated.exited || terminated.signal != SIGTERM || killed.exited ||
        killed.signal != SIGKILL) {
        console::error("a killed child was not reported as terminated by its signal");
        return 1;
    }
    return 0;
}
