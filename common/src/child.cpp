#include "cookbook/child.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "cookbook/console.hpp"

namespace bp = boost::process;
using namespace std::chrono_literals;

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
        info.si_pid = 0;  // WNOWAIT: look without reaping, so that Boost.Process can reap it
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
    return console::concat("killed by signal ", signal, " (SIG", name != nullptr ? name : "?",
                           ")");
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
    bp::child process;
    std::optional<ExitStatus> status;  // set once reaped
};

Child::Child(const std::string& program, const std::vector<std::string>& args,
             const ChildOptions& options) {
    // Boost.Process 1.81 leaves a zombie behind when exec() fails (boostorg/process#285):
    // refuse a program that cannot be run before forking.
    if (::access(program.c_str(), X_OK) != 0) {
        throw std::runtime_error(console::concat("cannot start ", program, ": ",
                                                 std::strerror(errno)));
    }
    // "e": close-on-exec. The child gets these as its stdout/stderr/stdin (dup2 clears the
    // flag on the copy); the originals must not leak into it and its descendants.
    FileCloser out{options.stdout_file.empty() ? nullptr : open_file(options.stdout_file, "we")};
    FileCloser err{options.stderr_file.empty() ? nullptr : open_file(options.stderr_file, "we")};
    FileCloser in{options.stdin_from_null ? open_file("/dev/null", "re") : nullptr};

    // SIGINT, SIGTERM and SIGHUP may have handlers here (ipc's remove_guard unlinks this
    // process's shared objects). A signal that reached the child between fork() and exec()
    // would run that handler in the child. So they are blocked around the fork, and the
    // child resets them to the default before it unblocks them.
    sigset_t termination_signals;
    sigemptyset(&termination_signals);
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        sigaddset(&termination_signals, signal_number);
    }
    sigset_t previous_mask;
    ::pthread_sigmask(SIG_BLOCK, &termination_signals, &previous_mask);
    struct RestoreMask {
        const sigset_t& mask;
        ~RestoreMask() { ::pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore_mask{previous_mask};

    const pid_t parent = ::getpid();
    const bool die_with_parent = options.die_with_parent;
    // Runs in the child, between fork() and exec(): only async-signal-safe calls here.
    auto setup = [parent, die_with_parent, &previous_mask](auto&) {
        for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction current {};
            ::sigaction(signal_number, nullptr, &current);
            if (current.sa_handler != SIG_IGN) {  // an ignored signal stays ignored (nohup)
                ::signal(signal_number, SIG_DFL);
            }
        }
        ::sigprocmask(SIG_SETMASK, &previous_mask, nullptr);
        if (die_with_parent) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) {  // the parent died before prctl(): do not run alone
                ::_exit(1);
            }
        }
    };
    try {
        // Never default-construct a bp::child: its destructor would waitpid(-1) and kill(-1).
        impl_.reset(new Impl{bp::child(bp::exe = program, bp::args = args,
                                       bp::std_out > (out.file != nullptr ? out.file : stdout),
                                       bp::std_err > (err.file != nullptr ? err.file : stderr),
                                       bp::std_in < (in.file != nullptr ? in.file : stdin),
                                       bp::extend::on_exec_setup = setup),
                             std::nullopt});
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
    return impl_->process.id();
}

std::optional<ExitStatus> Child::wait_for(std::chrono::milliseconds timeout) {
    if (!impl_->status) {
        const Ended ended = wait_until_ended(impl_->process.id(), timeout);
        if (ended == Ended::not_yet) {
            return std::nullopt;
        }
        std::error_code reap_error;
        if (ended == Ended::yes) {
            impl_->process.wait(reap_error);  // it has ended: this only reaps it
        }
        if (ended == Ended::reaped_elsewhere || reap_error) {
            impl_->process.detach();  // nothing left for Boost.Process to wait for or kill
            ExitStatus unknown;
            unknown.unknown = true;
            impl_->status = unknown;
        } else {
            impl_->status = ExitStatus::from_wait_status(impl_->process.native_exit_code());
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
        ::kill(impl_->process.id(), signal_number);
    }
}

ExitStatus Child::terminate(std::chrono::milliseconds grace) {
    if (auto status = wait_for(0ms)) {
        return *status;
    }
    signal(SIGTERM);
    if (auto status = wait_for(grace)) {
        return *status;
    }
    signal(SIGKILL);  // cannot be caught or ignored: it ends the child within moments
    if (auto status = wait_for(10s)) {
        return *status;
    }
    // Still there after SIGKILL: stuck in the kernel (an uninterruptible wait). Give up on it
    // rather than hang here; Boost.Process must not block on it either.
    impl_->process.detach();
    ExitStatus unknown;
    unknown.unknown = true;
    impl_->status = unknown;
    return unknown;
}

boost::process::child& Child::native() {
    return impl_->process;
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
