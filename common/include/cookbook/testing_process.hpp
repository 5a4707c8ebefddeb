// Watching recipes from outside, for the tests that testing::run_recipe() cannot express
// (test code only: chapters' test suites include it):
//   - PipedRun starts a recipe with its stdout on a pipe that the test reads while the recipe
//     runs (wait until its workers say "ready", then kill it), every read with a bound;
//   - ProcessWatch holds a pidfd for any process (not only our children): it becomes readable
//     when that process ends, so "no child is left" is checked without sleeping or polling;
//   - AdoptOrphans makes this process the new parent of its descendants' orphans (the workers
//     of a recipe the test killed), so that ProcessWatch can reap them: no zombie is left.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/poll.hpp"  // readable_within
#include "cookbook/testing.hpp"

namespace cookbook::testing {

// The pids of the "[pid N] ..." lines of `text` that contain `needle`.
inline std::vector<long> pids_of_lines_with(const std::string& text, std::string_view needle) {
    std::vector<long> pids;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string_view line(text.data() + start, end - start);
        if (line.find(needle) != std::string_view::npos && line.rfind("[pid ", 0) == 0) {
            pids.push_back(std::stol(std::string(line.substr(5))));
        }
    }
    return pids;
}

// True if no process has this pid any more: not running, not a zombie awaiting its reaper.
inline bool gone(long pid) {
    return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

class AdoptOrphans {
  public:
    AdoptOrphans() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }
    ~AdoptOrphans() { ::prctl(PR_SET_CHILD_SUBREAPER, 0); }
    AdoptOrphans(const AdoptOrphans&) = delete;
    AdoptOrphans& operator=(const AdoptOrphans&) = delete;
};

class ProcessWatch {
  public:
    explicit ProcessWatch(long pid)
        : pid_(pid), fd_(static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0))) {}
    ~ProcessWatch() {
        if (fd_ >= 0) {
            ::waitpid(static_cast<pid_t>(pid_), nullptr, WNOHANG);  // reaps it if it is ours
            ::close(fd_);
        }
    }
    ProcessWatch(const ProcessWatch&) = delete;
    ProcessWatch& operator=(const ProcessWatch&) = delete;
    ProcessWatch(ProcessWatch&& other) noexcept : pid_(other.pid_), fd_(other.fd_) {
        other.fd_ = -1;
    }

    long pid() const { return pid_; }
    bool opened() const { return fd_ >= 0; }  // false: the process was already gone
    // True once the process has ended (running no more; it may still await its reaper).
    bool ended_within(std::chrono::milliseconds timeout) const {
        return fd_ < 0 || readable_within(fd_, timeout);
    }

  private:
    long pid_;
    int fd_;
};

class PipedRun {
  public:
    PipedRun(const std::string& recipe, const std::vector<std::string>& args) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        read_fd_ = fds[0];
        cookbook::ChildOptions options;
        options.stdout_file = "/proc/self/fd/" + std::to_string(fds[1]);  // the pipe's write end
        options.stdin_from_null = true;
        child_.emplace(cookbook::testing::recipe_path(recipe), args, options);
        ::close(fds[1]);  // from now on only the recipe and its children hold the write end
    }
    ~PipedRun() { ::close(read_fd_); }
    PipedRun(const PipedRun&) = delete;
    PipedRun& operator=(const PipedRun&) = delete;

    cookbook::Child& child() { return *child_; }
    const std::string& out() const { return out_; }

    // Reads until `count` lines containing `needle` have arrived; false after `timeout`.
    bool wait_for_lines(std::string_view needle, int count, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (cookbook::testing::count_lines_with(complete_lines(), needle) < count) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (at_end_ || left.count() <= 0 || !read_some(left)) {
                return false;
            }
        }
        return true;
    }

    // Reads to the end of the output: true if every process that held the pipe as its stdout
    // (the recipe and all its children) has ended within `timeout`.
    bool read_to_end(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!at_end_) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !read_some(left)) {
                return false;
            }
        }
        return true;
    }

    // Reads to the end and reaps the recipe: like testing::run_recipe(), but for a run that
    // was started earlier (two runs at once).
    cookbook::testing::RunResult finish(std::chrono::milliseconds timeout) {
        cookbook::testing::RunResult result;
        result.pid = child_->pid();
        result.timed_out = !read_to_end(timeout);
        result.status = child_->wait(result.timed_out ? std::chrono::milliseconds(0) : timeout);
        result.out = out_;
        result.leftovers = cookbook::ipc::objects_of(result.pid);
        return result;
    }

  private:
    std::string complete_lines() const { return out_.substr(0, out_.rfind('\n') + 1); }

    // One read, waiting at most `timeout` for data; false on timeout.
    bool read_some(std::chrono::milliseconds timeout) {
        if (!readable_within(read_fd_, timeout)) {
            return false;
        }
        char buffer[4096];
        const ssize_t got = ::read(read_fd_, buffer, sizeof buffer);
        if (got <= 0) {
            at_end_ = true;  // every writer has closed it: all those processes have ended
        } else {
            out_.append(buffer, static_cast<std::size_t>(got));
        }
        return true;
    }

    int read_fd_ = -1;
    bool at_end_ = false;
    std::string out_;
    std::optional<cookbook::Child> child_;
};

}  // namespace cookbook::testing
