// Spawning a process: run a function in a child process, then wait for it to end.
//
// Python: multiprocessing.Process(target=my_func, args=(i,)), start(), join(timeout).
// Boost:  boost::process::v2::process(io, program, {args...}) starts it; async_wait() with a
//         time limit (io_context::run_for) is join(timeout). std: nothing; std::system() runs
//         a command and waits for it, but the standard library cannot start a child and
//         manage it (its pid, a bounded wait, a signal).
//
// Python's "spawn" start method starts a fresh interpreter, which imports the module and
// calls the target. C++ cannot send a function to another process, so the
// program runs *itself* again with a hidden argument that says which part to play:
// `ch03_spawn_process --child 3` is child number 3. main() looks at that argument first,
// the way a Python module must guard its own start-up with `if __name__ == '__main__':`.
//
// The book's spawning_processes.py starts each process and joins it in the same loop, so
// they run one after another. This recipe does that first, then starts all before waiting.
// Notice: each child has its own pid; in the second part the lines of different children
// interleave and the part takes about one child's time, not N.
#include <boost/asio/io_context.hpp>
#include <boost/process/v2/process.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cookbook/child.hpp"  // self_executable(): this program's path, /proc/self/exe
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace bp = boost::process::v2;
namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// What a child runs: the book's myFunc(i), which prints i lines. `work` stands in for work.
int my_func(int index, std::chrono::milliseconds work) {
    const std::string tag = console::pid_tag();
    console::tagged(tag, "calling my_func from process n°: ", index);
    for (int j = 0; j < index; ++j) {
        console::tagged(tag, "output from my_func is: ", j);
    }
    std::this_thread::sleep_for(work);  // stands in for work (waiting on I/O, say)
    return 0;                           // the exit code the parent reads: 0 means "done, all well"
}

// Starts a child that runs my_func(index): this same program, with --child and --work-ms.
// A process that is destroyed while its child still runs kills the child and reaps it.
bp::process start_child(asio::io_context& io, int index, int work_ms) {
    return bp::process(io, cookbook::self_executable(),
                       {"--child", std::to_string(index), "--work-ms", std::to_string(work_ms)});
}

// join(timeout) for every child at once: each async_wait() completes when its child has ended
// (and has been reaped); run_for() runs them all, for at most `limit`. Returns how many exited
// with code 0; one still running then counts as failed (and dies with its process object).
int join_all(asio::io_context& io, std::vector<bp::process>& children, std::chrono::seconds limit) {
    int exited_ok = 0;
    for (auto& child : children) {
        child.async_wait([&exited_ok, pid = child.id()](bp::error_code error, int exit_code) {
            if (error) {
                console::error("child ", pid, ": ", error.message());
            } else if (exit_code != 0) {
                console::error("child ", pid, " exited with code ", exit_code);
            } else {
                exited_ok += 1;
            }
        });
    }
    io.restart();  // run_for() may have run this io_context out of work before
    io.run_for(limit);
    return exited_ok;
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 6;
    int work_ms = 100;
    int child = -1;  // >= 0 only in a child: which my_func(i) to run
    cookbook::cli::Options options(
        "ch03_spawn_process", "Runs my_func(i) in child processes: one by one, then all at once.");
    options.count("processes", processes, "number of child processes", 1, 64)
        .count("work-ms", work_ms, "simulated work per child, in milliseconds", 0, 2000)
        .internal("child", child);
    options.parse(argc, argv);
    if (child >= 0) {
        return my_func(child, std::chrono::milliseconds(work_ms));
    }

    console::tagged(console::pid_tag(), "parent");
    asio::io_context io;  // Boost.Process v2 waits for children through an io_context
    int exited_ok = 0;

    console::line("-- start a process, wait for it, then start the next (the book's loop)");
    cookbook::Stopwatch one_by_one;
    for (int i = 0; i < processes; ++i) {
        std::vector<bp::process> one;
        one.push_back(start_child(io, i, work_ms));
        exited_ok += join_all(io, one, 10s);  // this child ends before the next one starts
    }
    const double one_by_one_seconds = one_by_one.seconds();

    console::line("-- start all processes, then wait for all of them");
    cookbook::Stopwatch all_at_once;
    std::vector<bp::process> running;
    for (int i = 0; i < processes; ++i) {
        running.push_back(start_child(io, i, work_ms));
    }
    exited_ok += join_all(io, running, 10s);  // every child is reaped: no zombie is left
    const double all_at_once_seconds = all_at_once.seconds();

    console::line("start and wait one by one: ", console::fixed(one_by_one_seconds, 3), " s");
    console::line("start all, then wait all:  ", console::fixed(all_at_once_seconds, 3), " s");
    console::line("children that ran and exited with code 0: ", exited_ok, " of ", 2 * processes);
    if (exited_ok != 2 * processes) {
        console::error("some child did not end with exit code 0");
        return 1;
    }
    return 0;
}
