// A process pool executor: submit() a task to worker processes, get a future for its result.
//
// Python: concurrent.futures.ProcessPoolExecutor(max_workers=4); submit(fn, x) -> Future;
//         future.result(timeout); leaving the `with` block calls shutdown(wait=True); a worker
//         that dies makes the pool "broken" (BrokenProcessPool in every pending future).
// C++:    cookbook::ProcessPool (see process_pool), a std::promise / std::future per task, and
//         a collector thread that fulfils the promise whose index each result carries.
// Notice: submit() returns at once; results arrive in any order, each future gets its own.
// With --crash-task K a worker dies: every pending future reports the broken pool, later
// submit()s are refused, as in Python, and the other workers are ended at once.
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/process_pool.hpp"
#include "cookbook/work.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

class Executor {
  public:
    Executor(int workers, const std::vector<std::string>& worker_args)
        : pool_(workers, worker_args, 128),  // room for every task (--tasks is at most 100)
          collector_([this](std::stop_token stop) { collect(stop); }) {}
    ~Executor() { shutdown(); }

    std::future<long> submit(long argument) {  // a broken pool's future holds the refusal
        std::promise<long> promise;
        std::future<long> future = promise.get_future();
        const std::lock_guard lock(mutex_);  // held: the collector cannot look for the index yet
        try {
            if (broken_) {
                throw std::runtime_error("submit() refused");
            }
            pool_.submit({next_index_, argument});
            pending_.emplace(next_index_++, std::move(promise));
        } catch (const std::exception& e) {  // the task queue is lost or stuck: so is the pool
            broken_ = true;
            promise.set_exception(std::make_exception_ptr(
                std::runtime_error(std::string("broken pool: ") + e.what())));
        }
        return future;
    }

    // Python's shutdown(wait=True): every pending future is settled, then the workers stop;
    // true if they all exited with code 0. A broken pool's workers are ended at once.
    bool shutdown() {
        if (!collector_.joinable()) {
            return false;  // done already
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
        try {
            bool stopping = false;  // shutdown() has asked, and results are still due
            while (true) {
                const auto result = pool_.next_result(stopping ? 10s : 100ms);
                const std::lock_guard lock(mutex_);
                if (result) {
                    pending_.at(result->index).set_value(result->value);
                    pending_.erase(result->index);
                } else if (stopping) {
                    throw std::runtime_error("no result for 10 s during shutdown()");
                }
                if (stop.stop_requested() && pending_.empty()) {
                    return;
                }
                stopping = stop.stop_requested();
            }
        } catch (const std::exception& e) {  // cookbook::WorkerDied, or the timeout above
            const std::lock_guard lock(mutex_);
            broken_ = true;
            for (auto& [index, promise] : pending_) {  // they stay in pending_: see there
                promise.set_exception(std::make_exception_ptr(
                    std::runtime_error(std::string("broken pool: ") + e.what())));
            }
        }
    }

    cookbook::ProcessPool pool_;
    std::mutex mutex_;  // guards the three members below
    // Unfulfilled promises (a broken pool's stay, settled: main frees them, as TSan wants).
    std::map<long, std::promise<long>> pending_;
    long next_index_ = 0;
    bool broken_ = false;
    std::jthread collector_;  // last: it starts after, and stops before, everything above
};

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 4, tasks = 10;
    cookbook::cli::Options options("ch03_process_pool_executor",
                                   "ProcessPoolExecutor: submit() -> future, over processes.");
    options.count("processes", processes, "worker processes", 1, 32)
        .count("tasks", tasks, "tasks: primes below 10000 * i for i = 1..N", 1, 100);
    const cookbook::PoolWorker worker(options);  // --worker I and the queues, in a worker
    options.parse(argc, argv);
    if (worker) {
        return worker.run([](const cookbook::PoolTask& task) {
            return cookbook::work::count_primes(0, task.argument);
        });
    }

    // Python: with ProcessPoolExecutor(max_workers=processes) as executor:
    Executor executor(processes, options.arguments());  // the workers get our options
    std::vector<std::future<long>> futures;
    for (int i = 1; i <= tasks; ++i) {
        futures.push_back(executor.submit(10'000L * i));
    }
    console::line("submitted ", tasks, " tasks to ", processes, " worker processes");
    int right = 0;  // futures that resolved to the right value
    for (int i = 1; i <= tasks; ++i) {
        const long n = 10'000L * i;
        try {  // wait_for bounds the wait, like Python's result(timeout=30)
            if (futures[i - 1].wait_for(30s) != std::future_status::ready) {
                throw std::runtime_error("no result within 30 s");
            }
            const long value = futures[i - 1].get();  // checked against the same, serially:
            const bool ok = value == cookbook::work::count_primes(0, n);
            console::line("primes below ", n, ": ", value, ok ? "" : " WRONG");
            right += ok ? 1 : 0;
        } catch (const std::exception& e) {
            console::line("primes below ", n, ": ", e.what());
        }
    }
    const bool clean_shutdown = executor.shutdown();  // what leaving the `with` block does
    console::line("futures resolved to the right values: ", right, " of ", tasks);
    if (right != tasks || !clean_shutdown) {
        console::error("a future did not resolve to the right value, or a worker did not stop");
        return 1;
    }
    return 0;
}
