// Child processes, the way Python's multiprocessing starts them.
//
// Python's "spawn" start method runs a fresh interpreter and tells it which function to call.
// C++ cannot send a function to another process, but a program can run *itself* again with
// an argument that says what the child should do:
//
//   auto child = Child::self({"--child", "3"});   // ./ch03_spawn_process --child 3
//   ExitStatus status = child.wait(5s);           // waits at most 5 s, then terminates it
//   console::line("child ", child.pid(), ": ", status.describe());
//
// ch03's spawn_process and kill_process show Boost.Process v2 (boost::process::v2::process),
// the library way to start a program. Child does the fork() and exec() itself, because the
// recipes need what v2 does not give, and must run wherever v2 cannot:
//   - a bounded wait (wait_for), with no io_context: a child that hangs must not hang its
//     parent; and wait_any() for whichever of several children ends first;
//   - no child outlives its parent: the destructor ends a still-running child (SIGTERM, a
//     grace period, then SIGKILL) and reaps it; and on Linux the child is sent SIGTERM
//     when the parent dies, even by SIGKILL (PR_SET_PDEATHSIG), which v2 does not ask for;
//   - the child inherits no descriptor but stdin, stdout, stderr and those it is given
//     (pass_fds), whatever their close-on-exec flag. v2 means to close the rest, but Boost
//     1.81's leaves open every one below the highest it keeps; and exec() failing is
//     reported, and the child reaped (1.81's v2 leaves it with exit() and a zombie);
//   - ExitStatus: "exit code 3" or "killed by signal 15 (SIGTERM)", read from the raw wait
//     status (Boost.Process's exit_code() gives 15 for both "exit(15)" and "killed by SIGTERM");
//   - it works where v2 cannot be linked: newer Boosts (1.88, 1.92) compile v2 into a
//     library, and Debian 13's Boost 1.88 packages ship v2's headers without it.
// PR_SET_PDEATHSIG fires when the *thread* that started the child ends, so start children
// from a thread that outlives them (main, in the recipes), or set die_with_parent = false.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cookbook {

struct ExitStatus {
    bool exited = false;   // true: returned from main or called exit(); false: ended by a signal
    int code = -1;         // the exit code, when exited
    int signal = 0;        // the signal that ended it, when not exited
    bool unknown = false;  // ended, but how is lost: something else reaped it (see wait_for)

    bool ok() const { return exited && code == 0; }
    std::string describe() const;  // "exit code 0", "killed by signal 9 (SIGKILL)"
    static ExitStatus from_wait_status(int status);  // from waitpid()'s status word
};

// A descriptor handed to the child: the child finds `fd` (the parent's) as `target`.
struct PassedFd {
    int target;  // 3 or more: 0, 1 and 2 are stdin, stdout and stderr
    int fd;
};

struct ChildOptions {
    std::string stdout_file;  // empty: share the parent's stdout
    std::string stderr_file;  // empty: share the parent's stderr
    bool stdin_from_null = false;
    bool die_with_parent = true;     // PR_SET_PDEATHSIG(SIGTERM), Linux only
    std::vector<PassedFd> pass_fds;  // at most 16; every other descriptor is closed
};

// The running program's own executable (/proc/self/exe): what Child::self() starts.
std::string self_executable();

class Child {
  public:
    // Starts `program` with `args`; throws std::runtime_error if it cannot be started.
    Child(const std::string& program, const std::vector<std::string>& args,
          const ChildOptions& options = {});
    // Starts this same program again with `args`.
    static Child self(const std::vector<std::string>& args, const ChildOptions& options = {});

    Child(Child&&) noexcept;
    Child& operator=(Child&&) noexcept;
    ~Child();  // ends a child that still runs (terminate()), and always reaps it

    long pid() const;
    bool running();

    // Waits up to `timeout`; the status if the child has ended, nullopt if it still runs.
    std::optional<ExitStatus> wait_for(std::chrono::milliseconds timeout);
    // Waits up to `timeout`; if it still runs then, terminate()s it. Always returns.
    ExitStatus wait(std::chrono::milliseconds timeout);
    // Sends a signal (SIGTERM, SIGINT, SIGKILL, ...) and returns at once.
    void signal(int signal_number);
    // SIGTERM, up to `grace` to exit, then SIGKILL; returns how it ended. Like Python's
    // terminate() followed by join(), with SIGKILL as the last resort.
    ExitStatus terminate(std::chrono::milliseconds grace = std::chrono::seconds(2));

    friend std::optional<std::size_t> wait_any(std::vector<Child>& children,
                                               std::chrono::microseconds timeout);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Sleeps until one of `children` has ended (or had already), at most `timeout`: its index,
// or nullopt. It does not reap it: wait() or wait_for() then says how it ended. For a parent
// that must hear of a child's death at once, without sleeping where a dead child could
// leave it stuck (inside a message_queue: see cookbook/robust_sync.hpp).
std::optional<std::size_t> wait_any(std::vector<Child>& children,
                                    std::chrono::microseconds timeout);

// Waits for every child, all within `timeout` together (one still running then is
// terminated), and reports on stderr each one that did not exit with code 0. True if all did.
// The budget is shared, in order: a child that hangs uses it up, and the ones after it are
// then terminated at once, even if they would have ended in time.
bool wait_all(std::vector<Child>& children, std::chrono::milliseconds timeout);

}  // namespace cookbook
