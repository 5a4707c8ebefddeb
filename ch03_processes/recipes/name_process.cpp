// Naming a process: give each child a name that it knows and that `ps` shows.
//
// Python: Process(name='my_func process'); unnamed ones are called Process-1, Process-2, ...;
//         multiprocessing.current_process().name inside the child.
// C++:    nothing built in. The parent passes the name on the child's command line, and the
//         child gives it to the kernel with prctl(PR_SET_NAME) (Linux), so that ps, top and
//         /proc/PID/comm show it. std and Boost have no process (or thread) names.
//
// A Python name is only an attribute of the Process object; the operating system never sees
// it. A kernel name is visible from outside, but it is cut to 15 bytes.
// Notice: the name each child reads back from /proc/self/comm, and the default names
// Process-2, Process-3, ... for children that were not given one.
#include <sys/prctl.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kernel_name_max = 15;  // TASK_COMM_LEN is 16, with the final '\0'

// The name the kernel keeps for this process (what `ps -o comm` prints).
std::string kernel_name() {
    std::ifstream comm("/proc/self/comm");
    std::string name;
    std::getline(comm, name);
    return name;
}

// The child: take the name, say so, work a little, say goodbye. Exit code 0 if the kernel
// now shows the name we were given (cut to 15 bytes), 3 if not.
int run_child(const std::string& name, std::chrono::milliseconds work) {
    ::prctl(PR_SET_NAME, name.c_str());
    const std::string shown = kernel_name();
    const std::string tag = console::pid_tag();
    console::tagged(tag, "starting ", name, " (the kernel shows '", shown, "')");
    std::this_thread::sleep_for(work);  // stands in for work; `ps -o pid,comm` would show it
    console::tagged(tag, "exiting ", name);
    return shown == name.substr(0, kernel_name_max) ? 0 : 3;
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 2;
    int work_ms = 100;
    std::string first_name = "my_func process";
    int child = -1;
    std::string child_name;
    cookbook::cli::Options options(
        "ch03_name_process", "Names child processes; each reads its name back from the kernel.");
    options.count("processes", processes, "number of child processes", 1, 32)
        .text("name", first_name, "name of the first child; the others get Process-N")
        .count("work-ms", work_ms, "simulated work per child, in milliseconds", 0, 2000)
        .internal("child", child)
        .internal("child-name", child_name);
    options.parse(argc, argv);
    if (child >= 0) {
        return run_child(child_name, std::chrono::milliseconds(work_ms));
    }
    if (first_name.empty()) {
        console::error("--name: a name must not be empty");
        return 2;
    }

    // Python numbers unnamed processes from 1 in creation order; the first one is named here,
    // so the second is Process-2, as in the book's naming_processes.py.
    std::vector<std::string> names;
    for (int i = 0; i < processes; ++i) {
        names.push_back(i == 0 ? first_name : "Process-" + std::to_string(i + 1));
    }
    std::vector<cookbook::Child> children;
    for (int i = 0; i < processes; ++i) {
        // Our options, plus the child's part; "--child-name=-x": a name may start with '-'.
        children.push_back(cookbook::Child::self(options.arguments(
            {"--child", std::to_string(i), "--child-name=" + names[i]})));  // our options, its part
    }
    int named = 0;
    for (int i = 0; i < processes; ++i) {
        const cookbook::ExitStatus status = children[i].wait(10s);
        console::line(names[i], " (pid ", children[i].pid(), "): ", status.describe());
        named += status.ok() ? 1 : 0;
    }
    console::line("children that saw their own name: ", named, " of ", processes);
    if (named != processes) {
        console::error("a child did not see the name it was given");
        return 1;
    }
    return 0;
}
