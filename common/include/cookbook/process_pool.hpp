// A pool of worker processes fed through two Boost.Interprocess message queues: Boost and std
// have no process pool, and chapter 3's process_pool (Pool.map) and process_pool_executor
// (submit -> future) are built on this one.
//
//   parent --PoolTask{index, argument}--> [tasks queue] --> worker 0 .. N-1 (this program again)
//   parent <--PoolResult{index, value}--- [results queue] <--
//
// Python's Pool pickles a function and its arguments; C++ cannot send code, so every worker is
// this same program, started with the options the parent gives it plus --worker I,
// --task-queue and --result-queue, and the function is whatever that program passes to
// run_pool_worker(). Tasks and results are fixed-size plain structs: a message_queue carries
// bytes. Each task carries its index, so results that come back in any order can be put back
// in input order.
//
// Nothing here waits forever, and nothing waits inside a queue (see message_queue.hpp): the
// parent sleeps in wait_any() on its workers between tries, so a worker that dies -- a crash,
// SIGKILL, even in the middle of a send -- wakes it at once, and it throws WorkerDied (like
// Python's BrokenProcessPool) where multiprocessing.Pool would hang.
//
//   cookbook::PoolWorker worker(options);                   // before options.parse()
//   options.parse(argc, argv);
//   if (worker) return worker.run([](const PoolTask& t) { return t.argument * 2; });
//   cookbook::ProcessPool pool(4, options.arguments());     // in the parent
//   pool.submit({0, 21});                                   // PoolTask{index, argument}
//   std::optional<PoolResult> result = pool.next_result(10s);
//
// Use: submit() from one thread, next_result() from one thread (they may differ); stop() and
// terminate() once neither is running any more.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <boost/interprocess/ipc/message_queue.hpp>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/message_queue.hpp"
#include "cookbook/trace.hpp"

namespace cookbook {

struct PoolTask {  // index < 0: "stop", the worker leaves
    long index, argument;
};
struct PoolResult {
    long index, value, worker_pid;
};

// A worker ended while the pool was running (its task, if it had one, is lost), or died inside
// a call on one of the queues (the queue is lost).
struct WorkerDied : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The worker's side: take tasks until a stop task, send back function(task) for each. Every
// wait is bounded; between waits the worker checks that its parent is still there.
template <class Function>
int run_pool_worker(int number, const std::string& tasks_name, const std::string& results_name,
                    Function function);

// What a worker finds on its command line (--worker I, --task-queue, --result-queue: options
// the parent adds, hidden from --help). True in a worker, once the options are parsed. It also
// adds --crash-task K, for the recipes' demonstrations: the worker that takes task K kills
// itself with SIGKILL, as a crash in the middle of a task would end it.
class PoolWorker {
  public:
    explicit PoolWorker(cli::Options& options) {
        options
            .count("crash-task", crash_task_,
                   "make the worker that takes this task die (SIGKILL); -1: none", -1, 1'000'000)
            .internal("worker", number_)
            .internal("task-queue", tasks_name_)
            .internal("result-queue", results_name_);
    }
    explicit operator bool() const { return number_ >= 0; }
    template <class Function>
    int run(Function function) const {
        return run_pool_worker(number_, tasks_name_, results_name_, [&](const PoolTask& task) {
            if (task.index == crash_task_) {
                ::raise(SIGKILL);  // no result will ever come for this task
            }
            return function(task);
        });
    }

  private:
    long crash_task_ = -1;
    int number_ = -1;
    std::string tasks_name_, results_name_;
};

template <class Function>
int run_pool_worker(int number, const std::string& tasks_name, const std::string& results_name,
                    Function function) {
    using namespace std::chrono_literals;
    try {
        boost::interprocess::message_queue tasks(boost::interprocess::open_only,
                                                 tasks_name.c_str());
        boost::interprocess::message_queue results(boost::interprocess::open_only,
                                                   results_name.c_str());
        const pid_t parent = ::getppid();
        console::tagged(console::pid_tag(), "worker ", number, " ready");
        trace::name_thread("worker " + std::to_string(number));
        while (true) {
            PoolTask task{};
            while (ipc::receive_within(tasks, task, 200ms) != ipc::Transfer::done) {
                if (::getppid() != parent) {
                    return 1;  // the parent is gone: nobody will read our results
                }
            }
            if (task.index < 0) {
                return 0;  // a stop task
            }
            const PoolResult result{task.index, function(task), ::getpid()};
            while (ipc::send_within(results, result, 200ms) != ipc::Transfer::done) {
                if (::getppid() != parent) {
                    return 1;
                }
            }
        }
    } catch (const std::exception& e) {
        console::error("worker ", number, ": ", e.what());
        return 1;
    }
}

class ProcessPool {
  public:
    // Starts `workers` copies of this program with `worker_args` plus --worker I, --task-queue
    // and --result-queue (the queue names). At most `capacity` tasks may wait in the queue.
    ProcessPool(int workers, const std::vector<std::string>& worker_args, unsigned capacity = 64);

    // Queues a task. Throws std::runtime_error if the queue stays full for `timeout` (the
    // workers are stuck, or dead: next_result() says which), WorkerDied if the queue is lost.
    void submit(const PoolTask& task, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // The next result, or nullopt after `timeout`. Throws WorkerDied as soon as a worker has
    // ended, even with results waiting: like Python's, a pool with a dead worker is broken.
    std::optional<PoolResult> next_result(std::chrono::milliseconds timeout);

    // Sends one stop task per worker and waits for them all, within `timeout` together; true
    // if all exited with code 0. One that does not stop in time is terminated.
    bool stop(std::chrono::milliseconds timeout = std::chrono::seconds(5));

    // Ends every worker now (SIGTERM, then SIGKILL): what a pool that broke needs. Nobody
    // reads its results any more, so a survivor may be stuck sending and never see a stop.
    void terminate();

    // ~ProcessPool: the workers are ended (if still running) and reaped first, then the
    // queues are closed, then the guards remove their names from /dev/shm.

  private:
    [[noreturn]] void worker_died();  // throws WorkerDied, naming the worker that ended

    std::string tasks_name_, results_name_;
    ipc::remove_guard<boost::interprocess::message_queue> remove_tasks_, remove_results_;
    boost::interprocess::message_queue tasks_, results_;
    std::vector<Child> workers_;
};

}  // namespace cookbook
