// Using a process pool: map a function over many inputs with N worker processes.
//
// Python: multiprocessing.Pool(processes=4).map(square, range(100)).
// C++:    no Pool class in Boost or std. process_pool.hpp builds one: N copies
//         of this program take Task{index, argument} from a boost::interprocess::message_queue
//         and send back Result{index, value} on another. std has nothing for processes.
//
// map() keeps at most `capacity` tasks in flight, so neither queue can fill up, and puts each
// result at its index: results come back in whatever order the workers finish, yet the list
// is in input order, as Pool.map promises.
// Notice: how many tasks each worker took (it varies); the list equals the serial map. With
// --crash-task K the worker that takes task K kills itself (SIGKILL): the parent detects the
// dead worker within ~50 ms and reports it with exit status 1, where Python's Pool would hang.
#include "process_pool.hpp"

#include <signal.h>

#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// The function being mapped: the book's square, plus `work_us` of CPU work to make a task
// worth sending to another process (a bare multiplication is not).
long square(long x, int work_us) {
    cookbook::Stopwatch busy;
    while (busy.elapsed() < std::chrono::microseconds(work_us)) {
    }
    return x * x;
}

// Pool.map: results in input order. Throws pool::WorkerDied if a worker dies.
std::vector<long> map(pool::ProcessPool& workers, const std::vector<long>& inputs, long capacity,
                      std::map<long, int>& tasks_per_worker) {
    const long n = static_cast<long>(inputs.size());
    std::vector<long> results(inputs.size());
    std::vector<bool> received(inputs.size(), false);
    long sent = 0;
    for (long done = 0; done < n; ++done) {
        for (; sent < n && sent - done < capacity; ++sent) {
            workers.submit({sent, inputs[sent]});
        }
        const std::optional<pool::Result> result = workers.next_result(10s);
        if (!result) {
            throw std::runtime_error("no result for 10 s");
        }
        if (result->index < 0 || result->index >= n || received[result->index]) {
            throw std::runtime_error(console::concat("bad or repeated index ", result->index));
        }
        results[result->index] = result->value;  // its place in the input order
        received[result->index] = true;
        ++tasks_per_worker[result->worker_pid];
    }
    return results;
}

std::string show(const std::vector<long>& values) {
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values.size() > 12 && i == 8) {
            text += "..., ";
            i = values.size() - 3;
        }
        text += std::to_string(values[i]) + (i + 1 < values.size() ? ", " : "");
    }
    return "[" + text + "]";
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 4;
    long tasks = 100;
    int work_us = 1000;
    long crash_task = -1;
    int worker = -1;
    std::string tasks_queue;
    std::string results_queue;
    cookbook::cli::Options options(
        "ch03_process_pool",
        "Pool.map(square, range(N)) over worker processes and message queues.");
    options.count("processes", processes, "worker processes", 1, 32)
        .count("tasks", tasks, "inputs 0..N-1 to map", 1, 1'000'000)
        .count("work-us", work_us, "CPU work per task, in microseconds", 0, 1'000'000)
        .count("crash-task", crash_task,
               "make the worker that takes this task die (SIGKILL); -1: none", -1, 1'000'000)
        .internal("worker", worker)
        .internal("task-queue", tasks_queue)
        .internal("result-queue", results_queue);
    options.parse(argc, argv);
    if (worker >= 0) {
        return pool::run_worker(worker, tasks_queue, results_queue, [&](const pool::Task& task) {
            if (task.index == crash_task) {
                ::raise(SIGKILL);  // a crash mid-task: no result will ever come for it
            }
            return square(task.argument, work_us);
        });
    }

    std::vector<long> inputs(static_cast<std::size_t>(tasks));
    std::iota(inputs.begin(), inputs.end(), 0L);

    const long capacity = 64;
    pool::ProcessPool workers(processes, options.arguments(), capacity);  // workers get our options
    std::map<long, int> tasks_per_worker;
    std::vector<long> results;
    cookbook::Stopwatch watch;
    try {
        results = map(workers, inputs, capacity, tasks_per_worker);
    } catch (const std::exception& e) {
        int received = 0;
        for (const auto& [pid, count] : tasks_per_worker) {
            received += count;
        }
        console::error("pool broken: ", e.what(), "; results received: ", received, " of ", tasks);
        workers.terminate();  // the others may be stuck: nobody reads their results any more
        return 1;             // ~ProcessPool removes the queues
    }
    const double pool_seconds = watch.seconds();
    const bool stopped = workers.stop();

    watch.restart();
    std::vector<long> serial;  // the same map in this process, to compare with
    for (long x : inputs) {
        serial.push_back(square(x, work_us));
    }
    const double serial_seconds = watch.seconds();

    for (const auto& [pid, count] : tasks_per_worker) {
        console::line("worker pid ", pid, " did ", count, " tasks");
    }
    console::line("serial map: ", console::fixed(serial_seconds, 3), " s; pool of ", processes,
                  ": ", console::fixed(pool_seconds, 3), " s");
    console::line("Pool    : ", show(results));
    const long sum = std::accumulate(results.begin(), results.end(), 0L);
    console::line("pool.map(square, range(", tasks, ")): ", results.size(),
                  " results in input order, ", results == serial ? "equal" : "NOT equal",
                  " to the serial map (sum ", sum, ")");
    if (results != serial || !stopped) {
        console::error(results != serial ? "the pool's results differ from the serial map"
                                         : "a worker did not stop cleanly");
        return 1;
    }
    return 0;
}
