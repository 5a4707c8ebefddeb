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
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "cookbook/console.hpp"

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

// Everything the child needs between fork() and exec(), prepared by the parent: after fork()
// in a program with other threads, whose locks were copied held, the child may only make
// async-signal-safe calls -- system calls; no allocation, no stdio, no exceptions.
struct Launch {
    const char* program;
    char* const* argv;
    int stdio[3];  // what becomes the child's 0, 1, 2
    pid_t parent;
    bool die_with_parent;
    sigset_t mask;                             // the signal mask to restore
    std::array<PassedFd, max_passed_fds> fds;  // sorted by target
    std::size_t fd_count;
    unsigned highest_fd;  // where the fcntl() fallback of close_on_exec stops

    // In the child. Returns only if something failed: the errno to report.
    int run() const {
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
        for (int target = 0; target < 3; ++target) {  // dup2() clears close-on-exec on the copy
            if (stdio[target] != target && ::dup2(stdio[target], target) < 0) {
                return errno;
            }
        }
        // Passed descriptors: first out of the way (above every target), then into place, so
        // that no target overwrites a descriptor still to be passed.
        std::array<int, max_passed_fds> moved{};
        const int above = fd_count == 0 ? 3 : fds[fd_count - 1].target + 1;
        for (std::size_t i = 0; i < fd_count; ++i) {
            moved[i] = ::fcntl(fds[i].fd, F_DUPFD, above);
            if (moved[i] < 0) {
                return errno;
            }
        }
        for (std::size_t i = 0; i < fd_count; ++i) {
            if (::dup2(moved[i], fds[i].target) < 0) {
                return errno;
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
        ::execv(program, argv);
        return errno;
    }
};

int pidfd_of(pid_t pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));  // close-on-exec, always
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

// Sleeps until one of `pidfds` is readable (its process has ended) or `timeout` has passed;
// its index, or -1.
int poll_ended(const std::vector<int>& pidfds, std::chrono::microseconds timeout) {
    std::vector<pollfd> entries;
    for (int fd : pidfds) {
        entries.push_back(pollfd{fd, POLLIN, 0});
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::max(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       deadline - std::chrono::steady_clock::now()),
                                   std::chrono::nanoseconds(0));
        const timespec wait{static_cast<time_t>(left.count() / 1'000'000'000),
                            static_cast<long>(left.count() % 1'000'000'000)};
        const int ready = ::ppoll(entries.data(), entries.size(), &wait, nullptr);
        if (ready > 0) {
            for (std::size_t i = 0; i < entries.size(); ++i) {
                if (entries[i].revents != 0) {
                    return static_cast<int>(i);
                }
            }
        }
        if (ready == 0 || (ready < 0 && errno != EINTR)) {
            return -1;
        }
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
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
    const char* name = sigabbrev_np(signal);  // "TERM" for 15
    return console::concat("killed by signal ", signal, " (SIG", name != nullptr ? name : "?", ")");
#else
    return console::concat("killed by signal ", signal, " (", ::strsignal(signal), ")");  // musl
#endif
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
    pid_t pid = -1;
    int pidfd = -1;                    // readable once the child has ended (Linux >= 5.3); -1: none
    std::optional<ExitStatus> status;  // set once reaped

    ~Impl() {
        if (pidfd >= 0) {
            ::close(pidfd);
        }
    }
};

Child::Child(const std::string& program, const std::vector<std::string>& args,
             const ChildOptions& options)
    : impl_(std::make_unique<Impl>()) {
    if (options.pass_fds.size() > max_passed_fds) {
        throw std::invalid_argument("Child: at most 16 passed descriptors");
    }
    Launch launch{};
    launch.program = program.c_str();
    launch.parent = ::getpid();
    launch.die_with_parent = options.die_with_parent;
    launch.fd_count = options.pass_fds.size();
    std::copy(options.pass_fds.begin(), options.pass_fds.end(), launch.fds.begin());
    std::sort(launch.fds.begin(), launch.fds.begin() + launch.fd_count,
              [](const PassedFd& a, const PassedFd& b) { return a.target < b.target; });
    for (std::size_t i = 0; i < launch.fd_count; ++i) {
        if (launch.fds[i].target < 3 ||
            (i > 0 && launch.fds[i].target == launch.fds[i - 1].target)) {
            throw std::invalid_argument("Child: passed descriptors need distinct targets >= 3");
        }
    }
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    launch.highest_fd = static_cast<unsigned>(std::min<rlim_t>(files.rlim_cur, 1U << 20));

    // The command line, built before fork(): the child must not allocate.
    std::vector<std::string> words{program};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);
    launch.argv = argv.data();

    // "e": close-on-exec. The child gets these as its stdout/stderr/stdin (dup2 clears the
    // flag on the copy); the originals must not leak into it and its descendants.
    FileCloser out{options.stdout_file.empty() ? nullptr : open_file(options.stdout_file, "we")};
    FileCloser err{options.stderr_file.empty() ? nullptr : open_file(options.stderr_file, "we")};
    FileCloser in{options.stdin_from_null ? open_file("/dev/null", "re") : nullptr};
    launch.stdio[0] = in.file != nullptr ? ::fileno(in.file) : 0;
    launch.stdio[1] = out.file != nullptr ? ::fileno(out.file) : 1;
    launch.stdio[2] = err.file != nullptr ? ::fileno(err.file) : 2;

    // How the child says that exec() failed: it writes errno here. exec() closes the pipe
    // (close-on-exec), so end of file means the program runs.
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        throw std::runtime_error(
            console::concat("cannot start ", program, ": pipe2: ", std::strerror(errno)));
    }

    // SIGINT, SIGTERM and SIGHUP may have handlers here (ipc's remove_guard unlinks this
    // process's shared objects). A signal that reached the child between fork() and exec()
    // would run that handler in the child. So they are blocked around the fork, and the
    // child resets them to the default before it unblocks them (Launch::run).
    sigset_t termination_signals;
    sigemptyset(&termination_signals);
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        sigaddset(&termination_signals, signal_number);
    }
    ::pthread_sigmask(SIG_BLOCK, &termination_signals, &launch.mask);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int error = launch.run();  // returns only if exec() could not happen
        (void)!::write(report[1], &error, sizeof error);
        ::_exit(127);  // _exit: this copy of the parent must run none of its atexit handlers
    }
    const int fork_error = errno;
    ::pthread_sigmask(SIG_SETMASK, &launch.mask, nullptr);
    ::close(report[1]);
    int child_error = 0;
    ssize_t got = 0;
    if (pid > 0) {
        do {
            got = ::read(report[0], &child_error, sizeof child_error);
        } while (got < 0 && errno == EINTR);
    }
    ::close(report[0]);
    if (pid < 0 || got > 0) {
        if (pid > 0) {
            ::waitpid(pid, nullptr, 0);  // it has _exit()ed, or is about to: reap it
        }
        throw std::runtime_error(console::concat(
            "cannot start ", program, ": ", std::strerror(pid < 0 ? fork_error : child_error)));
    }
    impl_->pid = pid;
    impl_->pidfd = pidfd_of(pid);
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
    if (impl_->status) {
        return impl_->status;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int raw = 0;
        const pid_t reaped = ::waitpid(impl_->pid, &raw, WNOHANG);
        if (reaped == impl_->pid) {
            impl_->status = ExitStatus::from_wait_status(raw);
            return impl_->status;
        }
        if (reaped < 0 && errno != EINTR) {
            // ECHILD: something else in this program reaped it (a waitpid(-1), SIGCHLD set to
            // SIG_IGN). Its pid may now belong to a stranger: never signal it again.
            ExitStatus unknown;
            unknown.unknown = true;
            impl_->status = unknown;
            return impl_->status;
        }
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) {
            return std::nullopt;
        }
        if (impl_->pidfd >= 0) {
            poll_ended({impl_->pidfd}, left);  // wakes the moment the child ends
        } else {
            ::usleep(1000);  // no pidfd (Linux < 5.3): look again in a millisecond
        }
    }
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
    if (!impl_->status) {  // once reaped, the pid may be someone else's
        ::kill(impl_->pid, signal_number);
    }
}

ExitStatus Child::terminate(std::chrono::milliseconds grace) {
    if (auto status = wait_for(0ms)) {
        return *status;
    }
    signal(SIGTERM);  // Python's terminate(): the child may clean up
    if (auto status = wait_for(grace)) {
        return *status;
    }
    signal(SIGKILL);  // cannot be caught or ignored
    if (auto status = wait_for(10s)) {
        return *status;
    }
    // Still there after SIGKILL: stuck in the kernel (an uninterruptible wait). Give up on it
    // rather than hang here.
    ExitStatus unknown;
    unknown.unknown = true;
    impl_->status = unknown;
    return unknown;
}

std::optional<std::size_t> wait_any(std::vector<Child>& children,
                                    std::chrono::microseconds timeout) {
    std::vector<int> pidfds;
    for (std::size_t i = 0; i < children.size(); ++i) {
        if (children[i].impl_->status || children[i].impl_->pidfd < 0) {
            if (!children[i].running()) {
                return i;
            }
        }
        pidfds.push_back(children[i].impl_->pidfd);
    }
    const int ended = poll_ended(pidfds, timeout);
    if (ended < 0) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(ended);
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
