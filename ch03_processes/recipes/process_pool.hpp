// A pool of worker processes fed through two Boost.Interprocess message queues: what
// process_pool.cpp (Pool.map) and process_pool_executor.cpp (submit -> future) are built on.
//
//   parent --Task{index, argument}--> [tasks queue] --> worker 0 .. N-1 (this program again)
//   parent <--Result{index, value}--- [results queue] <--
//
// Python's Pool pickles a function and its arguments; C++ cannot send code (BOOK_NOTES D2),
// so every worker is this same program, started with --worker, and the function is whatever
// that program passes to run_worker(). Tasks and results are fixed-size plain structs: a
// message_queue carries bytes. Each task carries its index, so results that come back in any
// order can be put back in input order.
//
// Nothing here waits forever. A worker that dies mid-task (crash, SIGKILL) never answers; the
// parent waits in slices and checks its workers between slices, so it reports the dead worker
// (WorkerDied, like Python's BrokenProcessPool) instead of hanging as multiprocessing.Pool does.
// Use: submit() from one thread, next_result() from one thread (they may differ).
#pragma once

#include <unistd.h>

#include <atomic>
#include <boost/interprocess/ipc/message_queue.hpp>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"

namespace pool {

namespace bip = boost::interprocess;
using namespace std::chrono_literals;

struct Task {
    long index;  // < 0: "stop", the worker leaves
    long argument;
};
struct Result {
    long index;
    long value;
    long worker_pid;
};

// Boost.Interprocess takes absolute deadlines on the system clock (see ipc::deadline_in).
using cookbook::ipc::deadline_in;

// The worker's side: take tasks until a stop task, send back function(task) for each. Every
// wait is bounded; between waits the worker checks that its parent is still there.
template <class Function>
int run_worker(int number, const std::string& tasks_name, const std::string& results_name,
               Function function) {
    try {
        bip::message_queue tasks(bip::open_only, tasks_name.c_str());
        bip::message_queue results(bip::open_only, results_name.c_str());
        const pid_t parent = ::getppid();
        cookbook::console::tagged(cookbook::console::pid_tag(), "worker ", number, " ready");
        while (true) {
            Task task{};
            bip::message_queue::size_type size = 0;
            unsigned int priority = 0;
            if (!tasks.timed_receive(&task, sizeof task, size, priority, deadline_in(200ms))) {
                if (::getppid() != parent) {
                    return 1;  // the parent is gone: nobody will read our results
                }
                continue;
            }
            if (size != sizeof task || task.index < 0) {
                return size == sizeof task ? 0 : 1;  // a stop task, or garbage
            }
            const Result result{task.index, function(task), ::getpid()};
            while (!results.timed_send(&result, sizeof result, 0, deadline_in(200ms))) {
                if (::getppid() != parent) {
                    return 1;
                }
            }
        }
    } catch (const std::exception& e) {
        cookbook::console::error("worker ", number, ": ", e.what());
        return 1;
    }
}

// A worker ended while the pool was running: its task (if it had one) is lost.
struct WorkerDied : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ProcessPool {
  public:
    // Starts `workers` copies of this program with `worker_args` plus --worker I, --task-queue
    // and --result-queue (the queue names). At most `capacity` tasks may be waiting in the queue.
    ProcessPool(int workers, const std::vector<std::string>& worker_args, unsigned capacity = 64)
        : id_(++pools_),
          tasks_name_(cookbook::ipc::unique_name("pool" + std::to_string(id_) + "_tasks")),
          results_name_(cookbook::ipc::unique_name("pool" + std::to_string(id_) + "_results")),
          remove_tasks_(tasks_name_),
          remove_results_(results_name_),
          tasks_(bip::create_only, tasks_name_.c_str(), capacity, sizeof(Task)),
          results_(bip::create_only, results_name_.c_str(), capacity, sizeof(Result)) {
        for (int i = 0; i < workers; ++i) {
            std::vector<std::string> args = worker_args;
            args.insert(args.end(), {"--worker", std::to_string(i), "--task-queue", tasks_name_,
                                     "--result-queue", results_name_});
            workers_.push_back(cookbook::Child::self(args));
        }
    }

    int size() const { return static_cast<int>(workers_.size()); }

    // Queues a task; if the queue stays full for `timeout`, the workers are stuck: throws.
    void submit(const Task& task, std::chrono::milliseconds timeout = 10s) {
        if (!tasks_.timed_send(&task, sizeof task, 0, deadline_in(timeout))) {
            throw std::runtime_error("the task queue stayed full: are the workers alive?");
        }
    }

    // The next result, or nullopt after `timeout`. Throws WorkerDied if a worker has ended.
    std::optional<Result> next_result(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            Result result{};
            bip::message_queue::size_type size = 0;
            unsigned int priority = 0;
            if (results_.timed_receive(&result, sizeof result, size, priority, deadline_in(50ms))) {
                return result;
            }
            for (std::size_t i = 0; i < workers_.size(); ++i) {  // nothing for 50 ms: all alive?
                if (const auto status = workers_[i].wait_for(0ms)) {
                    throw WorkerDied(cookbook::console::concat(
                        "worker ", i, " (pid ", workers_[i].pid(),
                        ") ended while the pool was running: ", status->describe()));
                }
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                return std::nullopt;
            }
        }
    }

    // Sends one stop task per worker and waits for them; true if all exited with code 0.
    bool stop(std::chrono::milliseconds timeout = 5s) {
        bool all_ok = true;
        for (std::size_t i = 0; i < workers_.size(); ++i) {
            const Task stop_task{-1, 0};
            all_ok =
                tasks_.timed_send(&stop_task, sizeof stop_task, 0, deadline_in(timeout)) && all_ok;
        }
        for (auto& worker : workers_) {
            all_ok = worker.wait(timeout).ok() && all_ok;
        }
        return all_ok;
    }
    // ~ProcessPool: the workers are ended (if still running) and reaped first, then the
    // queues are closed, then the guards remove their names from /dev/shm.

  private:
    static inline std::atomic<int> pools_{0};  // several pools in one process get their own names
    int id_;
    std::string tasks_name_;
    std::string results_name_;
    cookbook::ipc::remove_guard<bip::message_queue> remove_tasks_;
    cookbook::ipc::remove_guard<bip::message_queue> remove_results_;
    bip::message_queue tasks_;
    bip::message_queue results_;
    std::vector<cookbook::Child> workers_;
};

}  // namespace pool
