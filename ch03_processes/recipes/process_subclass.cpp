// Defining a process in a subclass: a class that owns its child process.
//
// Python: class MyProcess(multiprocessing.Process) with a run() method; start(), join().
// C++:    a class with a cookbook::Child member. start() re-runs this program as the child,
//         which builds the same object and calls run() there (a process cannot be handed an
//         object). The destructor ends a child still running and reaps it,
//         like boost::scoped_thread / std::jthread do for threads.
//
// Why the destructor matters: a Python Process object that is dropped leaves its process
// running; here leaving a scope early (an exception, a return) cannot leak a process.
// Notice: the ten children of the book's process_in_subclass.py run one after another; the
// eleventh is abandoned by an exception, and its destructor ends and reaps it anyway.
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

class MyProcess {
  public:
    explicit MyProcess(int number, int work_ms = 0)
        : number_(number), work_ms_(work_ms), name_("MyProcess-" + std::to_string(number)) {}

    // Runs in the child (Python's run()).
    int run() const {
        console::tagged(console::pid_tag(), "called run method in ", name_);
        std::this_thread::sleep_for(std::chrono::milliseconds(work_ms_));  // stands in for work
        return 0;
    }

    // Runs in the parent: start the child, which will call run().
    void start() {
        child_.emplace(cookbook::Child::self(
            {"--child", std::to_string(number_), "--work-ms", std::to_string(work_ms_)}));
    }
    cookbook::ExitStatus join(std::chrono::milliseconds timeout) { return started().wait(timeout); }
    long pid() { return started().pid(); }
    const std::string& name() const { return name_; }
    // No destructor to write: ~Child ends a still-running child (SIGTERM, then SIGKILL) and
    // reaps it, so a MyProcess never leaves a process or a zombie behind.

  private:
    cookbook::Child& started() {  // Python: "can only join a started process"
        if (!child_) {
            throw std::logic_error(name_ + " was not started");
        }
        return *child_;
    }

    int number_;
    int work_ms_;
    std::string name_;
    std::optional<cookbook::Child> child_;  // empty until start()
};

// True if no process has this pid any more: not running, and not a zombie waiting to be reaped.
bool gone(long pid) {
    return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 10;
    int child = -1;
    int work_ms = 0;
    cookbook::cli::Options options("ch03_process_subclass",
                                   "A class that owns its child process: start(), join(), RAII.");
    options.count("processes", processes, "number of MyProcess objects run one by one", 1, 100)
        .internal("child", child)
        .internal("work-ms", work_ms);
    options.parse(argc, argv);
    if (child >= 0) {
        return MyProcess(child, work_ms).run();
    }

    int joined = 0;
    for (int i = 1; i <= processes; ++i) {
        MyProcess process(i);
        process.start();
        joined += process.join(10s).ok() ? 1 : 0;
    }
    console::line("joined with exit code 0: ", joined, " of ", processes);

    // An exception leaves the scope before join(): the destructor takes care of the child.
    long abandoned_pid = 0;
    try {
        MyProcess slow(processes + 1, 10'000);  // would work for 10 s
        slow.start();
        abandoned_pid = slow.pid();
        console::line(slow.name(), " (pid ", abandoned_pid, ") started; now an exception...");
        throw std::runtime_error("something failed before join()");
    } catch (const std::exception& e) {
        console::line(
            "caught '", e.what(), "'; the process is ",
            gone(abandoned_pid) ? "gone: ended and reaped by the destructor" : "still there");
    }
    const int by_destructor = gone(abandoned_pid) ? 1 : 0;

    // No child of ours is left, not even a zombie: waitid() finds none (ECHILD).
    siginfo_t info{};
    const bool none_left =
        ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == -1 && errno == ECHILD;
    console::line("children reaped: ", joined + by_destructor, " of ", processes + 1, " (", joined,
                  " joined, ", by_destructor,
                  " by its destructor); children left: ", none_left ? "none" : "some");
    if (joined != processes || by_destructor != 1 || !none_left) {
        console::error("a child was not reaped");
        return 1;
    }
    return 0;
}
