// A process pool executor: submit() a task to worker processes, get a future for its result.
//
// Python: concurrent.futures.ProcessPoolExecutor(max_workers=4); submit(fn, x) -> Future;
//         future.result(timeout); leaving the `with` block calls shutdown(wait=True); a worker
//         that dies makes the pool "broken" (BrokenProcessPool in every pending future).
// C++:    the ProcessPool of process_pool.hpp, std::promise / std::future for each task, and
//         one collector thread that reads the results queue and fulfils the promise whose
//         index the result carries. (boost::promise / boost::future work the same way.)
//
// Notice: submit() returns at once; the results arrive in any order but each future gets its
// own; get() is called in submission order. With --crash-task K a worker dies, and every
// future still pending reports the broken pool instead of waiting forever; the other workers
// are ended at once.
#include <signal.h>

#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "process_pool.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// The task: how many primes are below n (trial division: real CPU work, kept by the result).
long primes_below(long n) {
    long count = 0;
    for (long candidate = 2; candidate < n; ++candidate) {
        bool prime = true;
        for (long divisor = 2; divisor * divisor <= candidate && prime; ++divisor) {
            prime = candidate % divisor != 0;
        }
        count += prime ? 1 : 0;
    }
    return count;
}

class Executor {
  public:
    // The workers start (fork + exec) before the collector thread exists. The queues have
    // room for every task this program may submit (--tasks is at most 100).
    Executor(int workers, const std::vector<std::string>& worker_args)
        : pool_(workers, worker_args, 128),
          collector_([this](std::stop_token stop) { collect(stop); }) {}
    ~Executor() { shutdown(); }

    // Like Python's, a broken pool takes no more work: submit() throws.
    std::future<long> submit(long argument) {
        std::promise<long> promise;
        std::future<long> future = promise.get_future();
        long index = 0;
        {
            const std::lock_guard lock(mutex_);
            if (broken_) {
                throw std::runtime_error("broken pool: submit() refused");
            }
            index = next_index_++;
            pending_.emplace(index, std::move(promise));  // before the task can be answered
        }
        try {
            pool_.submit({index, argument});  // may wait (bounded) while the task queue is full
        } catch (...) {
            const std::lock_guard lock(mutex_);
            pending_.erase(index);
            throw;
        }
        return future;
    }

    // Python's shutdown(wait=True): every pending future is settled, then the workers stop;
    // true if they all exited with code 0. A broken pool's workers are ended at once: nobody
    // reads their results any more. Only the first call does anything.
    bool shutdown() {
        if (!collector_.joinable()) {
            return false;
        }
        collector_.request_stop();
        collector_.join();
        if (broken_) {  // the collector has ended: no lock is needed to read it
            pool_.terminate();
            return false;
        }
        return pool_.stop();
    }

  private:
    // The collector thread: results -> promises, until shutdown and nothing is pending.
    void collect(std::stop_token stop) {
        using Clock = std::chrono::steady_clock;
        auto idle_since = Clock::now();  // counts only while shutdown() waits for results
        try {
            while (true) {
                const std::optional<pool::Result> result = pool_.next_result(100ms);
                if (result || !stop.stop_requested()) {
                    idle_since = Clock::now();
                } else if (Clock::now() - idle_since > 10s) {
                    throw std::runtime_error("no result for 10 s during shutdown()");
                }
                const std::lock_guard lock(mutex_);
                if (const auto found = result ? pending_.find(result->index) : pending_.end();
                    found != pending_.end()) {
                    found->second.set_value(result->value);
                    pending_.erase(found);
                }
                if (stop.stop_requested() && pending_.empty()) {
                    return;
                }
            }
        } catch (const std::exception& e) {  // pool::WorkerDied, or the timeout above
            const std::lock_guard lock(mutex_);
            broken_ = true;
            for (auto& [index, promise] : pending_) {  // they stay in pending_: see there
                promise.set_exception(std::make_exception_ptr(
                    std::runtime_error(std::string("broken pool: ") + e.what())));
            }
        }
    }

    pool::ProcessPool pool_;
    std::mutex mutex_;  // guards the three members below
    // Unfulfilled promises. A broken pool leaves them here, settled, for the main thread to
    // free (safe in the collector too, but TSan cannot see libstdc++'s exception refcounts).
    std::map<long, std::promise<long>> pending_;
    long next_index_ = 0;
    bool broken_ = false;
    std::jthread collector_;  // last: it starts after, and stops before, everything above
};

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 4, tasks = 10, worker = -1;
    long crash_task = -1;
    std::string task_queue, result_queue;
    cookbook::cli::Options options(
        "ch03_process_pool_executor",
        "ProcessPoolExecutor: submit() -> future over worker processes.");
    options.count("processes", processes, "worker processes", 1, 32)
        .count("tasks", tasks, "tasks: primes below 10000 * i for i = 1..N", 1, 100)
        .count("crash-task", crash_task,
               "make the worker that takes this task die (SIGKILL); -1: none", -1, 100)
        .internal("worker", worker)
        .internal("task-queue", task_queue)
        .internal("result-queue", result_queue);
    options.parse(argc, argv);
    if (worker >= 0) {
        return pool::run_worker(worker, task_queue, result_queue, [&](const pool::Task& task) {
            if (task.index == crash_task) {
                ::raise(SIGKILL);
            }
            return primes_below(task.argument);
        });
    }

    int right = 0;
    bool clean_shutdown = false;
    try {  // Python: with ProcessPoolExecutor(max_workers=processes) as executor:
        Executor executor(processes, options.arguments());  // the workers get our options
        std::vector<std::future<long>> futures;
        for (int i = 1; i <= tasks; ++i) {
            futures.push_back(executor.submit(10'000L * i));
        }
        console::line("submitted ", tasks, " tasks to ", processes, " worker processes");
        for (int i = 1; i <= tasks; ++i) {
            const long n = 10'000L * i;
            try {  // wait_for bounds the wait, like Python's result(timeout=30)
                if (futures[i - 1].wait_for(30s) != std::future_status::ready) {
                    throw std::runtime_error("no result within 30 s");
                }
                const long value = futures[i - 1].get();
                const bool ok = value == primes_below(n);  // the same work, serially
                console::line("primes below ", n, ": ", value, ok ? "" : " WRONG");
                right += ok ? 1 : 0;
            } catch (const std::exception& e) {
                console::line("primes below ", n, ": ", e.what());
            }
        }
        clean_shutdown = executor.shutdown();  // what leaving Python's `with` block does
    } catch (const std::exception& e) {
        console::error("executor: ", e.what());  // submit(): a broken pool, or a stuck queue
        return 1;
    }
    console::line("futures resolved to the right values: ", right, " of ", tasks);
    if (right != tasks || !clean_shutdown) {
        console::error(right != tasks ? "some futures did not resolve to the right value"
                                      : "a worker did not stop cleanly");
        return 1;
    }
    return 0;
}
