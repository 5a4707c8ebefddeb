// Hello from a process: the same program, running a second time, as a child of the first.
//
// Python: multiprocessing.Process(target=hello), start(), join(); exitcode.
// Boost:  cookbook::Child::self({"--child", "1"}) (on boost::process::v2::process), wait(timeout).
//         std: nothing; the standard library cannot start a process.
//
// A process is a running program with its own memory, its own pid and at least one thread.
// Boost.Process starts a program, not a function: so the program starts *itself* again with
// an argument that says "you are the child", and main() looks at that argument first (like
// Python's `if __name__ == '__main__':` guard). The child starts from scratch: it sees none of
// the parent's variables, only its command line; and nothing it changes comes back, except
// what it sends on purpose (its exit code here; a pipe, a file or shared memory later).
// That is multiprocessing's "spawn" start method (the default on Windows and macOS; Linux's
// default is "forkserver" since Python 3.14, which also starts clean). Until 3.14, Linux used
// "fork": the child gets a copy of the parent's memory and *would* see counter = 1 (ch03's
// fork_process shows fork in C++).
// Notice: two different pids; the child sees the counter at its initial value, and the
// parent's counter is unchanged by what the child did to its own.
#include <unistd.h>

#include <chrono>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

int counter = 0;  // a global: each process has its own copy

int run_child(int number) {
    console::tagged(console::pid_tag(), "hello from child ", number, ", my parent is ",
                    console::pid_tag(::getppid()));
    console::tagged(console::pid_tag(), "child sees counter = ", counter);
    counter = 100;  // changes the child's copy only
    console::tagged(console::pid_tag(), "child set its counter to ", counter);
    return 0;  // the exit code: the one number every process hands back to its parent
}

}  // namespace

int main(int argc, char* argv[]) {
    int child_number = -1;  // >= 0 only in the child
    cookbook::cli::Options options("ch01_hello_process", "Starts this program again as a child.");
    options.internal("child", child_number);
    options.parse(argc, argv);
    if (child_number >= 0) {
        return run_child(child_number);
    }

    counter = 1;
    console::tagged(console::pid_tag(), "parent, counter = ", counter, "; starting a child");
    cookbook::Child child = cookbook::Child::self({"--child", "1"});
    const cookbook::ExitStatus status = child.wait(10s);  // bounded: a stuck child is ended
    console::tagged(console::pid_tag(), "child ", child.pid(), " ended: ", status.describe(),
                    "; parent's counter is still ", counter);

    const bool other_pid = child.pid() != static_cast<long>(::getpid());
    console::line("child's pid differs from the parent's: ", other_pid ? "yes" : "no", "; child's ",
                  status.describe(), "; parent's counter untouched: ", counter == 1 ? "yes" : "no");
    if (!other_pid || !status.ok() || counter != 1) {
        console::error("the child did not run as a separate process and exit with code 0");
        return 1;
    }
    return 0;
}
