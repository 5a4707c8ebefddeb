#include "cookbook/child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "cookbook/console.hpp"

namespace bp = boost::process::v2;
using namespace std::chrono_literals;

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)  // <linux/close_range.h>, Linux >= 5.11
#endif

namespace cookbook {
namespace {

// fopen() that says what went wrong.
std::FILE* open_file(const std::string& path, const char* mode) {
    std::FILE* file = std::fopen(path.c_str(), mode);
    if (file == nullptr) {
        throw std::runtime_error(console::concat("cannot open ", path, ": ", std::strerror(errno)));
    }
    return file;
}

struct FileCloser {
    std::FILE* file;
    ~FileCloser() {
        if (file != nullptr) {
            std::fclose(file);
        }
    }
};

constexpr std::size_t max_passed_fds = 16;

// Marks descriptors first..last close-on-exec. close_range(2) does it in one call (Linux >=
// 5.11); elsewhere one fcntl() per descriptor, up to `highest`. Async-signal-safe.
void close_on_exec(unsigned first, unsigned last, unsigned highest) {
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, first, last, CLOSE_RANGE_CLOEXEC) == 0) {
        return;
    }
#endif
    for (unsigned fd = first; fd <= last && fd <= highest; ++fd) {
        ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
    }
}

// What the child does between fork() and exec(), as a Boost.Process v2 initializer: the
// launcher calls on_setup() in the parent before fork() and on_exec_setup() in the child.
// In the child only async-signal-safe calls are allowed (the parent may have other threads,
// whose locks were copied held): system calls, no allocation, no stdio.
struct ChildSetup {
    pid_t parent;
    bool die_with_parent;
    sigset_t mask;                             // the signal mask to restore
    std::array<PassedFd, max_passed_fds> fds;  // sorted by target
    std::size_t fd_count;
    unsigned highest_fd;  // where the fcntl() fallback of close_on_exec stops

    template <typename Launcher, typename Path>
    bp::error_code on_setup(Launcher& launcher, const Path&, const char* const*) {
        for (std::size_t i = 0; i < fd_count; ++i) {  // not closed by Boost.Process either
            launcher.fd_whitelist.push_back(fds[i].target);
        }
        return {};
    }

    template <typename Launcher, typename Path>
    bp::error_code on_exec_setup(Launcher&, const Path&, const char* const*) {
        // The parent's handlers (ipc's remove guards) must never run here: back to the
        // default, then the signals blocked across fork() may come.
        for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction current {};
            ::sigaction(signal_number, nullptr, &current);
            if (current.sa_handler != SIG_IGN) {  // an ignored signal stays ignored (nohup)
                ::signal(signal_number, SIG_DFL);
            }
        }
        ::sigprocmask(SIG_SETMASK, &mask, nullptr);
        if (die_with_parent) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) {  // the parent died before prctl(): do not run alone
                ::_exit(1);
            }
        }
        // Passed descriptors: first out of the way (above every target), then into place, so
        // that no target overwrites a descriptor still to be passed. dup2() clears the
        // close-on-exec flag of the copy.
        std::array<int, max_passed_fds> moved{};
        const int above = fd_count == 0 ? 3 : fds[fd_count - 1].target + 1;
        for (std::size_t i = 0; i < fd_count; ++i) {
            moved[i] = ::fcntl(fds[i].fd, F_DUPFD, above);
            if (moved[i] < 0) {
                return {errno, bp::system_category()};
            }
        }
        for (std::size_t i = 0; i < fd_count; ++i) {
            if (::dup2(moved[i], fds[i].target) < 0) {
                return {errno, bp::system_category()};
            }
        }
        // Everything else above stderr is closed by exec(): sockets, pipes and files the
        // parent opened without O_CLOEXEC (Asio's sockets, for one) never reach the child.
        unsigned next = 3;
        for (std::size_t i = 0; i < fd_count; ++i) {
            const auto target = static_cast<unsigned>(fds[i].target);
            if (target > next) {
                close_on_exec(next, target - 1, highest_fd);
            }
            next = target + 1;
        }
        close_on_exec(next, ~0U, highest_fd);
        return {};
    }
};

enum class Ended { yes, not_yet, reaped_elsewhere };

// Sleeps until the process `pid` has ended or `timeout` has passed, without reaping it. A pidfd
// (Linux >= 5.3) becomes readable when the process ends; where there is none, look every
// millisecond instead. If something else in this program already reaped the child (a
// waitpid(-1), SIGCHLD set to SIG_IGN), say so: its pid may now belong to a stranger.
Ended wait_until_ended(pid_t pid, std::chrono::milliseconds timeout) {
#ifdef SYS_pidfd_open
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
        pollfd entry{pidfd, POLLIN, 0};
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        int ready = 0;
        do {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            ready = ::poll(&entry, 1, static_cast<int>(std::max<long long>(left.count(), 0)));
        } while (ready < 0 && errno == EINTR);
        ::close(pidfd);
        return ready > 0 ? Ended::yes : Ended::not_yet;
    }
    if (errno == ESRCH) {
        return Ended::reaped_elsewhere;  // not even a zombie of ours is left
    }
#endif
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    siginfo_t info{};
    while (true) {
        info.si_pid = 0;  // WNOWAIT: look without reaping; wait_for() reaps it
        if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0) {
            if (info.si_pid == pid) {
                return Ended::yes;
            }
        } else if (errno == ECHILD) {
            return Ended::reaped_elsewhere;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return Ended::not_yet;
        }
        std::this_thread::sleep_for(1ms);
    }
}

}  // namespace

std::string ExitStatus::describe() const {
    if (unknown) {
        return "ended, exit status unknown (the child was reaped elsewhere)";
    }
    if (exited) {
        return console::concat("exit code ", code);
    }
    const char* name = sigabbrev_np(signal);  // "TERM" for 15 (glibc >= 2.32)
    return console::concat("killed by signal ", signal, " (SIG", name != nullptr ? name : "?", ")");
}

ExitStatus ExitStatus::from_wait_status(int status) {
    ExitStatus result;
    if (WIFEXITED(status)) {
        result.exited = true;
        result.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
    return result;
}

std::string self_executable() {
    return std::filesystem::read_symlink("/proc/self/exe").string();
}

struct Child::Impl {
    // Boost.Process v2 needs an executor. Each child has its own io_context, which nothing
    // else uses: the launcher calls its notify_fork() in the child, where a context that
    // other threads were using could hold a lock copied mid-use.
    boost::asio::io_context io;
    bp::process process{io};
    long pid = -1;                     // kept: forget() clears the process's own
    std::optional<ExitStatus> status;  // set once reaped

    // Done with the pid (reaped, or not ours to reap): Boost.Process's destructor would
    // otherwise waitpid() it and SIGKILL it, and the number may by now be another child's.
    void forget(ExitStatus ended) {
        status = ended;
        process.detach();
    }
};

Child::Child(const std::string& program, const std::vector<std::string>& args,
             const ChildOptions& options)
    : impl_(std::make_unique<Impl>()) {
    // Refuse a program that cannot be run before forking: when exec() fails, Boost 1.81's v2
    // launcher leaves the child with exit() (running this program's atexit handlers in it)
    // and never reaps it.
    if (::access(program.c_str(), X_OK) != 0) {
        throw std::runtime_error(
            console::concat("cannot start ", program, ": ", std::strerror(errno)));
    }
    if (options.pass_fds.size() > max_passed_fds) {
        throw std::invalid_argument("Child: at most 16 passed descriptors");
    }
    ChildSetup setup{::getpid(), options.die_with_parent, {}, {}, options.pass_fds.size(), 0};
    std::copy(options.pass_fds.begin(), options.pass_fds.end(), setup.fds.begin());
    std::sort(setup.fds.begin(), setup.fds.begin() + setup.fd_count,
              [](const PassedFd& a, const PassedFd& b) { return a.target < b.target; });
    for (std::size_t i = 0; i < setup.fd_count; ++i) {
        if (setup.fds[i].target < 3 || (i > 0 && setup.fds[i].target == setup.fds[i - 1].target)) {
            throw std::invalid_argument("Child: passed descriptors need distinct targets >= 3");
        }
    }
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    setup.highest_fd = static_cast<unsigned>(std::min<rlim_t>(files.rlim_cur, 1U << 20));

    // "e": close-on-exec. The child gets these as its stdout/stderr/stdin (dup2 clears the
    // flag on the copy); the originals must not leak into it and its descendants.
    FileCloser out{options.stdout_file.empty() ? nullptr : open_file(options.stdout_file, "we")};
    FileCloser err{options.stderr_file.empty() ? nullptr : open_file(options.stderr_file, "we")};
    FileCloser in{options.stdin_from_null ? open_file("/dev/null", "re") : nullptr};

    // SIGINT, SIGTERM and SIGHUP may have handlers here (ipc's remove_guard unlinks this
    // process's shared objects). A signal that reached the child between fork() and exec()
    // would run that handler in the child. So they are blocked around the fork, and the
    // child resets them to the default before it unblocks them (ChildSetup).
    sigset_t termination_signals;
    sigemptyset(&termination_signals);
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        sigaddset(&termination_signals, signal_number);
    }
    ::pthread_sigmask(SIG_BLOCK, &termination_signals, &setup.mask);
    struct RestoreMask {
        const sigset_t& mask;
        ~RestoreMask() { ::pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore_mask{setup.mask};

    try {
        // stdio first: it moves its files to 0, 1 and 2 before ChildSetup places the passed
        // descriptors (which could otherwise land on a number stdio still reads from).
        impl_->process = bp::process(impl_->io, program, args,
                                     bp::process_stdio{in.file != nullptr ? in.file : stdin,
                                                       out.file != nullptr ? out.file : stdout,
                                                       err.file != nullptr ? err.file : stderr},
                                     setup);
        impl_->pid = impl_->process.id();
    } catch (const std::exception& e) {
        throw std::runtime_error(console::concat("cannot start ", program, ": ", e.what()));
    }
}

Child Child::self(const std::vector<std::string>& args, const ChildOptions& options) {
    return Child(self_executable(), args, options);
}

Child::Child(Child&&) noexcept = default;
Child& Child::operator=(Child&& other) noexcept {
    if (this != &other) {
        if (impl_) {
            terminate();
        }
        impl_ = std::move(other.impl_);
    }
    return *this;
}

Child::~Child() {
    if (impl_) {
        terminate();
    }
}

long Child::pid() const {
    return impl_->pid;
}

std::optional<ExitStatus> Child::wait_for(std::chrono::milliseconds timeout) {
    if (!impl_->status) {
        const Ended ended = wait_until_ended(static_cast<pid_t>(impl_->pid), timeout);
        if (ended == Ended::not_yet) {
            return std::nullopt;
        }
        bp::error_code reap_error;
        if (ended == Ended::yes) {
            impl_->process.wait(reap_error);  // it has ended: this only reaps it
        }
        if (ended == Ended::reaped_elsewhere || reap_error) {
            ExitStatus unknown;
            unknown.unknown = true;
            impl_->forget(unknown);
        } else {
            // The raw wait status: exited with a code, or killed by a signal.
            impl_->forget(ExitStatus::from_wait_status(impl_->process.native_exit_code()));
        }
    }
    return impl_->status;
}

bool Child::running() {
    return !wait_for(0ms).has_value();
}

ExitStatus Child::wait(std::chrono::milliseconds timeout) {
    if (auto status = wait_for(timeout)) {
        return *status;
    }
    return terminate();
}

void Child::signal(int signal_number) {
    if (!impl_->status) {
        ::kill(static_cast<pid_t>(impl_->pid), signal_number);
    }
}

ExitStatus Child::terminate(std::chrono::milliseconds grace) {
    if (auto status = wait_for(0ms)) {
        return *status;
    }
    // kill() itself, not v2's request_exit() and terminate(): newer Boosts' terminate() also
    // waits for the child, without a bound, and keeps its status to itself.
    signal(SIGTERM);  // Python's terminate(): the child may clean up
    if (auto status = wait_for(grace)) {
        return *status;
    }
    signal(SIGKILL);  // cannot be caught or ignored
    if (auto status = wait_for(10s)) {
        return *status;
    }
    // Still there after SIGKILL: stuck in the kernel (an uninterruptible wait). Give up on it
    // rather than hang here, and let Boost.Process not block on it either.
    ExitStatus unknown;
    unknown.unknown = true;
    impl_->forget(unknown);
    return unknown;
}

bool wait_all(std::vector<Child>& children, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool all_ok = true;
    for (std::size_t i = 0; i < children.size(); ++i) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const ExitStatus status = children[i].wait(std::max(left, std::chrono::milliseconds(0)));
        if (!status.ok()) {
            console::error("child ", i, " (pid ", children[i].pid(), "): ", status.describe());
            all_ok = false;
        }
    }
    return all_ok;
}

}  // namespace cookbook
