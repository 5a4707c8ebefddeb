// Exit status: how each child ended, including an exception thrown in a child.
//
// Python: p.exitcode: 0; N after sys.exit(N); 1 after an uncaught exception (the child prints
//         the traceback); -S after signal S.
// C++:    the wait status, read with cookbook::ExitStatus: "exit code N" or "killed by signal
//         S" (WIFEXITED / WEXITSTATUS / WIFSIGNALED / WTERMSIG). Boost.Process v2 keeps it as
//         native_exit_code(); its exit_code() is N or S, the same number for exit(15) and
//         SIGTERM. std: nothing.
//
// An exception that leaves a C++ main() calls std::terminate, which aborts: the parent sees
// "killed by signal 6 (SIGABRT)", not an exit code. So a child catches at its top level,
// writes the message where the parent can read it (stderr, here a file per child), and exits
// with code 1 -- what Python's multiprocessing does for you.
// Notice: six children, six different endings, each reported by the parent with the last
// line the child wrote on stderr.
#include <signal.h>
#include <sys/resource.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/temp_dir.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

struct Case {
    const char* what;
    cookbook::ExitStatus expected;  // {exited, code, signal}
};
const std::vector<Case> cases = {
    {"returns 0 from main", {true, 0, 0}},
    {"calls exit(3)", {true, 3, 0}},
    {"throws, catches at its top level, exits 1", {true, 1, 0}},
    {"throws, does not catch", {false, -1, SIGABRT}},
    {"is sent SIGTERM by the parent", {false, -1, SIGTERM}},
    {"is sent SIGKILL by the parent", {false, -1, SIGKILL}},
};

double risky_division(int divisor) {
    if (divisor == 0) {
        throw std::runtime_error("division by zero");
    }
    return 1.0 / divisor;
}

// The children. Case 3 lets the exception escape main() on purpose.
int run_child(int which) {
    switch (which) {
        case 0:
            return 0;
        case 1:
            std::exit(3);
        case 2:
            try {
                risky_division(0);
            } catch (const std::exception& e) {
                console::error("child caught: ", e.what());
                return 1;
            }
            return 0;
        case 3: {
            const rlimit no_core{0, 0};
            ::setrlimit(RLIMIT_CORE, &no_core);  // an abort would write a core file: not for a demo
            risky_division(0);                   // throws out of main -> std::terminate -> abort()
            return 0;
        }
        default:
            std::this_thread::sleep_for(10s);  // waits to be signalled (and ends by itself if not)
            return 0;
    }
}

// The last non-empty line of a file (what a child wrote on stderr).
std::string last_line(const std::string& path) {
    std::ifstream file(path);
    std::string line;
    std::string last;
    while (std::getline(file, line)) {
        last = line.empty() ? last : line;
    }
    return last;
}

}  // namespace

int main(int argc, char* argv[]) {
    int child = -1;
    cookbook::cli::Options options(
        "ch03_exit_status", "Six children end in six ways; the parent reports each outcome.");
    options.internal("child", child);
    options.parse(argc, argv);
    if (child >= 0) {
        return run_child(child);
    }

    const int count = static_cast<int>(cases.size());
    cookbook::TempDir directory("exit_status");  // removed at the end, or on Ctrl-C
    std::vector<std::string> stderr_files;       // one per child
    std::vector<cookbook::Child> children;
    for (int i = 0; i < count; ++i) {
        stderr_files.push_back(directory.file("child_" + std::to_string(i) + ".err"));
        cookbook::ChildOptions child_options;
        child_options.stderr_file = stderr_files.back();
        children.push_back(cookbook::Child::self({"--child", std::to_string(i)}, child_options));
    }
    children[4].signal(SIGTERM);  // Python's terminate()
    children[5].signal(SIGKILL);  // Python's kill(), Boost.Process's terminate()

    int as_expected = 0;
    for (int i = 0; i < count; ++i) {
        const cookbook::ExitStatus status = children[i].wait(15s);
        const cookbook::ExitStatus& expected = cases[i].expected;
        const bool same =
            status.exited == expected.exited &&
            (status.exited ? status.code == expected.code : status.signal == expected.signal);
        as_expected += same ? 1 : 0;
        const std::string said = last_line(stderr_files[i]);
        console::line("child ", i, " ", cases[i].what, ": ", status.describe(),
                      " (Python's exitcode ", status.exited ? status.code : -status.signal, ")",
                      same ? "" : " UNEXPECTED");
        if (!said.empty()) {
            console::line("    its last line on stderr: ", said);
        }
    }
    console::line("outcomes as expected: ", as_expected, " of ", count);
    if (as_expected != count) {
        console::error("a child did not end the way it should have");
        return 1;
    }
    return 0;
}
