// Forking (POSIX only): the other way to make a child process, and what it copies.
//
// Python: multiprocessing's "fork" start method (Linux's default before 3.14), os.fork().
// POSIX:  fork() returns twice -- 0 in the child, the child's pid in the parent -- and
//         waitpid() reaps the child. Boost.Process forks too, but then runs a program (exec).
//
// fork() copies the whole address space: the child starts with the parent's data (lazily,
// page by page, as either side writes); then they are separate, and what the child changes
// the parent never sees. What must come back needs a channel (here a pipe). fork() copies only the
// thread that called it: other threads' stacks are copied but not their execution, so a lock one of
// them held stays locked forever in the child. After fork() in a program with threads, the child
// should call only async-signal-safe functions (read, write, _exit, ...) until it exits or execs --
// which is why this child does not print. Notice: the child's sum includes its +100 per item, the
// parent's does not; and the child has one thread although the parent has two.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <future>
#include <numeric>
#include <thread>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/poll.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Report {  // what the child sends back: plain bytes, the same layout on both sides
    long pid, sum, threads;
};

// "Threads: N" from /proc/self/status, with only async-signal-safe calls: open, read, close,
// strstr, and the digits parsed by hand (strtol is not on the list; nothing may allocate).
long count_threads() {
    char text[4096] = {};
    const int fd = ::open("/proc/self/status", O_RDONLY);
    const ssize_t size = fd >= 0 ? ::read(fd, text, sizeof text - 1) : -1;
    ::close(fd);
    const char* found = size > 0 ? std::strstr(text, "Threads:") : nullptr;
    if (found == nullptr) {
        return -1;
    }
    long threads = 0;
    for (const char* c = found + 8; *c != '\n' && *c != '\0'; ++c) {
        threads = *c >= '0' && *c <= '9' ? threads * 10 + (*c - '0') : threads;  // skips blanks
    }
    return threads;
}

// The child's whole life: change its copy of the data, report, leave with _exit(), which
// skips atexit handlers and static destructors -- those belong to the parent's copy.
[[noreturn]] void run_child(std::vector<long>& data, int report_fd) {
    for (long& item : data) {
        item += 100;
    }
    const Report report{::getpid(), std::accumulate(data.begin(), data.end(), 0L), count_threads()};
    const bool sent = ::write(report_fd, &report, sizeof report) == sizeof report;
    ::_exit(sent ? 0 : 1);
}

// Reaps `pid`, waiting for it until `deadline` at most: then it is SIGKILLed (a stuck child must
// not hang its parent), after which waitpid() returns at once. waitpid(WNOHANG) only looks, so
// the bounded wait is a loop (Linux can do better with a pidfd: see common/src/child.cpp).
int reap(pid_t pid, Clock::time_point deadline) {
    int status = 0;
    pid_t reaped = 0;
    while ((reaped = ::waitpid(pid, &status, WNOHANG)) == 0 && Clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);  // still running: look again in a moment
    }
    if (reaped == 0) {
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    return status;
}

}  // namespace

int main(int argc, char* argv[]) {
    int items = 10;
    cookbook::cli::Options options(
        "ch03_fork_process", "fork(): the child changes its copy of the data, the parent's stays.");
    options.count("items", items, "numbers in the data (1..N)", 1, 1'000'000);
    options.parse(argc, argv);

    std::vector<long> data(static_cast<std::size_t>(items));
    std::iota(data.begin(), data.end(), 1L);
    const long sum_before = std::accumulate(data.begin(), data.end(), 0L);
    console::tagged(console::pid_tag(), "parent: sum of 1..", items, " = ", sum_before);

    int fds[2];  // the child's report comes back through a pipe
    if (::pipe(fds) != 0) {
        console::error("pipe: ", std::strerror(errno));
        return 1;
    }
    // A second thread in the parent, waiting: fork() will not copy it.
    std::promise<void> stop;
    std::thread waiter([done = stop.get_future()] { done.wait(); });
    const long parent_threads = count_threads();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        run_child(data, fds[1]);  // never returns
    }
    ::close(fds[1]);  // our copy of the write end: closed, so a dead child means end of file
    const auto deadline = Clock::now() + 5s;  // for the report and the child's end together
    Report report{};
    const ssize_t got =  // poll first: a read on a pipe whose writer hangs would wait for ever
        pid > 0 && cookbook::readable_within(fds[0], 5s) ? ::read(fds[0], &report, sizeof report)
                                                         : -1;
    ::close(fds[0]);
    const cookbook::ExitStatus status =
        cookbook::ExitStatus::from_wait_status(pid > 0 ? reap(pid, deadline) : 0);
    stop.set_value();
    waiter.join();
    if (pid < 0 || got != sizeof report) {
        console::error("the child did not report (fork: ", pid < 0 ? "failed" : "ok", ", child ",
                       status.describe(), ")");
        return 1;
    }

    const long sum_after = std::accumulate(data.begin(), data.end(), 0L);
    console::tagged(console::pid_tag(report.pid),
                    "child: sum after adding 100 to each item = ", report.sum,
                    "; threads in the child: ", report.threads);
    console::tagged(console::pid_tag(), "parent: threads here: ", parent_threads,
                    "; child ended with ", status.describe());
    console::line("child's sum: ", report.sum, " (expected ", sum_before + 100L * items, ")");
    console::line("parent's sum after the child changed its copy: ", sum_after, " (expected ",
                  sum_before, ")");
    if (sum_after != sum_before || report.sum != sum_before + 100L * items || report.threads != 1 ||
        !status.ok()) {
        console::error("fork did not behave as described: memory is copied, one thread runs");
        return 1;
    }
    return 0;
}
