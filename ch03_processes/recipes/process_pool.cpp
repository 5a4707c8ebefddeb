// Using a process pool: map a function over many inputs with N worker processes.
//
// Python: multiprocessing.Pool(processes=4).map(square, range(100)).
// C++:    no Pool class in Boost or std. cookbook::ProcessPool (common/include/cookbook/
//         process_pool.hpp: read it next) is one: N copies of this program take
//         PoolTask{index, argument} from a boost::interprocess::message_queue and send back
//         PoolResult{index, value} on another. std has nothing for processes.
//
// map() keeps at most `capacity` tasks in flight, so neither queue can fill up, and puts each
// result at its index: results come back in whatever order the workers finish, yet the list
// is in input order, as Pool.map promises.
// Notice: how many tasks each worker took (it varies); the list equals the serial map. With
// --crash-task K the worker that takes task K kills itself (SIGKILL): the parent hears of the
// dead worker at once and reports it with exit status 1, where Python's Pool would hang.
#include "cookbook/process_pool.hpp"

#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"
#include "cookbook/trace.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// The function being mapped: the book's square, plus `work_us` of CPU work to make a task
// worth sending to another process (a bare multiplication is not).
long square(long x, int work_us) {
    const cookbook::trace::Span span("square", "work");  // with --trace FILE
    cookbook::Stopwatch busy;
    while (busy.elapsed() < std::chrono::microseconds(work_us)) {
    }
    return x * x;
}

// Pool.map: results in input order. Throws cookbook::WorkerDied if a worker dies.
std::vector<long> map(cookbook::ProcessPool& workers, const std::vector<long>& inputs,
                      long capacity, std::map<long, int>& tasks_per_worker) {
    const long n = static_cast<long>(inputs.size());
    std::vector<long> results(inputs.size());
    std::vector<bool> received(inputs.size(), false);
    long sent = 0;
    for (long done = 0; done < n; ++done) {
        for (; sent < n && sent - done < capacity; ++sent) {
            workers.submit({sent, inputs[sent]});
        }
        const std::optional<cookbook::PoolResult> result = workers.next_result(10s);
        if (!result || result->index < 0 || result->index >= n || received[result->index]) {
            throw std::runtime_error(result ? "a bad or repeated index" : "no result for 10 s");
        }
        results[result->index] = result->value;  // its place in the input order
        received[result->index] = true;
        ++tasks_per_worker[result->worker_pid];
    }
    return results;
}

std::string show(const std::vector<long>& values) {  // the first few, then "..."
    std::string text;
    for (std::size_t i = 0; i < values.size() && i < 8; ++i) {
        text += (i > 0 ? ", " : "") + std::to_string(values[i]);
    }
    return "[" + text + (values.size() > 8 ? ", ...]" : "]");
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 4;
    long tasks = 100;
    int work_us = 1000;
    cookbook::cli::Options options(
        "ch03_process_pool",
        "Pool.map(square, range(N)) over worker processes and message queues.");
    options.count("processes", processes, "worker processes", 1, 32)
        .count("tasks", tasks, "inputs 0..N-1 to map", 1, 1'000'000)
        .count("work-us", work_us, "CPU work per task, in microseconds", 0, 1'000'000);
    const cookbook::PoolWorker worker(options);  // --worker I and the queues, in a worker
    options.parse(argc, argv);
    if (worker) {
        return worker.run(
            [&](const cookbook::PoolTask& task) { return square(task.argument, work_us); });
    }

    std::vector<long> inputs(static_cast<std::size_t>(tasks));
    std::iota(inputs.begin(), inputs.end(), 0L);

    const long capacity = 64;  // tasks in flight at most; the workers get our options
    cookbook::ProcessPool workers(processes, options.arguments(), capacity);
    std::map<long, int> tasks_per_worker;
    std::vector<long> results;
    cookbook::Stopwatch watch;
    try {
        results = map(workers, inputs, capacity, tasks_per_worker);
    } catch (const std::exception& e) {
        const auto received =
            std::accumulate(tasks_per_worker.begin(), tasks_per_worker.end(), 0,
                            [](int sum, const auto& one) { return sum + one.second; });
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
