// Running processes in the background: daemon children and the others.
//
// Python: Process(daemon=True) vs daemon=False. When the parent's main program ends,
//         multiprocessing terminates its daemon children and joins (waits for) the others.
// C++:    no such flag; the parent decides at exit. cookbook::Child ends a child that is still
//         running when the Child object is destroyed (SIGTERM, then SIGKILL), and the kernel
//         sends it SIGTERM if the parent dies without cleaning up (prctl PR_SET_PDEATHSIG).
//         A "non-daemon" child is one the parent wait()s for before it leaves.
//
// The book's run_background_processes.py starts a daemon and a non-daemon child and returns;
// the daemon's output never appears, because it is killed at exit. The same happens here: the
// daemon (slower, like a background job that would run on) is killed by signal 15 (SIGTERM)
// before it gets far, often before its first line; the other child prints all its lines and
// exits with code 0. Notice the order: daemons are ended first, then the others waited for.
// With --no-daemons the parent waits for both, and both finish.
#include <string>
#include <thread>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// The book's foo(): print five numbers, a step apart.
int foo(const std::string& name, int first, std::chrono::milliseconds step) {
    const std::string tag = console::pid_tag();
    console::tagged(tag, "starting ", name);
    for (int i = first; i < first + 5; ++i) {
        console::tagged(tag, "---> ", i);
        std::this_thread::sleep_for(step);  // stands in for work
    }
    console::tagged(tag, "exiting ", name);
    return 0;
}

// A child and what the parent must do with it when it leaves.
struct Process {
    std::string name;
    bool daemon;
    cookbook::Child child;
};

}  // namespace

int main(int argc, char* argv[]) {
    int step_ms = 100;
    bool no_daemons = false;
    int child = -1;
    cookbook::cli::Options options(
        "ch03_background_process",
        "A daemon child is ended when the parent leaves; the other is waited for.");
    options
        .count("step-ms", step_ms, "pause after each line of the non-daemon child, in ms", 1, 1000)
        .flag("no-daemons", no_daemons, "make both children non-daemon: the parent waits for both")
        .internal("child", child);
    options.parse(argc, argv);
    const std::chrono::milliseconds step(step_ms);
    if (child == 0) {
        return foo("background_process", 0, 3 * step);  // the slow one
    }
    if (child == 1) {
        return foo("NO_background_process", 5, step);
    }

    std::vector<Process> processes;
    processes.push_back(
        {"background_process", !no_daemons,
         cookbook::Child::self({"--child", "0", "--step-ms", std::to_string(step_ms)})});
    processes.push_back(
        {"NO_background_process", false,
         cookbook::Child::self({"--child", "1", "--step-ms", std::to_string(step_ms)})});
    console::tagged(console::pid_tag(), "parent: main program done; leaving");

    // What Python does at exit: terminate the daemons first, then join the others. (Without
    // this block, the Child destructors would end every child still running.)
    int daemons_ended = 0;
    int others_finished = 0;
    int others = 0;
    for (auto& process : processes) {
        if (process.daemon) {
            const cookbook::ExitStatus status = process.child.terminate();
            console::line(process.name, " (daemon, pid ", process.child.pid(),
                          "): ", status.describe());
            daemons_ended += status.exited ? 0 : 1;  // ended by our signal, not by finishing
        }
    }
    for (auto& process : processes) {
        if (!process.daemon) {
            const cookbook::ExitStatus status = process.child.wait(20 * step + 10s);
            console::line(process.name, " (pid ", process.child.pid(), "): ", status.describe());
            others_finished += status.ok() ? 1 : 0;
            ++others;
        }
    }
    const int daemons = static_cast<int>(processes.size()) - others;
    console::line("daemon children ended by the parent: ", daemons_ended, " of ", daemons,
                  "; others finished: ", others_finished, " of ", others);
    if (daemons_ended != daemons || others_finished != others) {
        console::error("a daemon outlived its parent's exit, or a waited-for child failed");
        return 1;
    }
    return 0;
}
