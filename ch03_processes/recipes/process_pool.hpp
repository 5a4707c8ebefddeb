// A pool of worker processes fed through two Boost.Interprocess message queues: what
// process_pool.cpp (Pool.map) and process_pool_executor.cpp (submit -> future) are built on.
//
//   parent --Task{index, argument}--> [tasks queue] --> worker 0 .. N-1 (this program again)
//   parent <--Result{index, value}--- [results queue] <--
//
// Python's Pool pickles a function and its arguments; C++ cannot send code,
// so every worker is this same program, started with --worker, and the function is whatever
// that program passes to run_worker(). Tasks and results are fixed-size plain structs: a
// message_queue carries bytes. Each task carries its index, so results that come back in any
// order can be put back in input order.
//
// Nothing here waits forever. A worker that dies mid-task (crash, SIGKILL) never answers; the
// parent waits in slices and checks its workers every 50 ms, so it reports the dead worker
// (WorkerDied, like Python's BrokenProcessPool) instead of hanging as multiprocessing.Pool does.
// A worker killed *inside* a queue operation leaves the queue's mutex (a robust mutex) marked
// "owner died", and Boost throws lock_exception at every later use: WorkerDied too.
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
using cookbook::ipc::deadline_in;  // an absolute deadline on the system clock, as Boost wants

struct Task {  // index < 0: "stop", the worker leaves
    long index, argument;
};
struct Result {
    long index, value, worker_pid;
};

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

    // Queues a task; if the queue stays full for `timeout`, the workers are stuck: throws.
    void submit(const Task& task, std::chrono::milliseconds timeout = 10s) {
        if (!send(task, timeout)) {
            throw std::runtime_error("the task queue stayed full: are the workers alive?");
        }
    }

    // The next result, or nullopt after `timeout`. Throws WorkerDied if a worker has ended:
    // they are checked every 50 ms, whether results arrive or not.
    std::optional<Result> next_result(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            if (std::chrono::steady_clock::now() >= next_check_) {  // all still alive?
                next_check_ = std::chrono::steady_clock::now() + 50ms;
                for (std::size_t i = 0; i < workers_.size(); ++i) {
                    if (const auto status = workers_[i].wait_for(0ms)) {
                        throw WorkerDied(cookbook::console::concat(
                            "worker ", i, " (pid ", workers_[i].pid(),
                            ") ended while the pool was running: ", status->describe()));
                    }
                }
            }
            Result result{};
            bip::message_queue::size_type size = 0;
            unsigned int priority = 0;
            try {
                if (results_.timed_receive(&result, sizeof result, size, priority,
                                           deadline_in(50ms))) {
                    return result;
                }
            } catch (const bip::lock_exception&) {
                throw WorkerDied(queue_unusable);
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                return std::nullopt;
            }
        }
    }

    // Sends one stop task per worker and waits for them all, within `timeout` together; true
    // if all exited with code 0. One that does not stop in time is terminated.
    bool stop(std::chrono::milliseconds timeout = 5s) {
        bool sent = true;
        for (std::size_t i = 0; i < workers_.size() && sent; ++i) {
            try {
                sent = send(Task{-1, 0}, timeout);
            } catch (const WorkerDied&) {
                sent = false;
            }
        }
        return cookbook::wait_all(workers_, sent ? timeout : 0ms) && sent;
    }

    // Ends every worker now (SIGTERM, then SIGKILL): what a pool that broke needs. Nobody
    // drains its results any more, so a survivor may be stuck sending and never see a stop.
    void terminate() {
        for (auto& worker : workers_) {
            worker.terminate();
        }
    }
    // ~ProcessPool: the workers are ended (if still running) and reaped first, then the
    // queues are closed, then the guards remove their names from /dev/shm.

  private:
    static constexpr const char* queue_unusable =
        "a worker died inside a queue operation, holding the queue's mutex: the queue is unusable";

    bool send(const Task& task, std::chrono::milliseconds timeout) {
        try {
            return tasks_.timed_send(&task, sizeof task, 0, deadline_in(timeout));
        } catch (const bip::lock_exception&) {
            throw WorkerDied(queue_unusable);
        }
    }

    static inline std::atomic<int> pools_{0};  // several pools in one process get their own names
    int id_;
    std::string tasks_name_, results_name_;
    cookbook::ipc::remove_guard<bip::message_queue> remove_tasks_, remove_results_;
    bip::message_queue tasks_, results_;
    std::vector<cookbook::Child> workers_;
    std::chrono::steady_clock::time_point next_check_{};  // when next_result() next looks
};

}  // namespace pool
