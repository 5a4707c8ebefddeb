// A pool of threads: submit tasks, get results in input order (map) or as they finish.
//
// Python: concurrent.futures.ThreadPoolExecutor: map(), submit() -> Future, as_completed().
// Boost:  boost::asio::thread_pool; post(pool, use_future(task)) returns a std::future.
//
// Starting a thread per task costs tens of microseconds (about 40 us on a small VM); a pool starts
// its threads once and hands them task after task. Like Executor.map, the first part collects
// the futures in the order the tasks were submitted, so results come back in input order
// however the tasks finish. Like as_completed, the second part takes each result the moment
// its task finishes: the tasks report to a queue, and main reads the queue.
// Here later items take less time, so they finish first. (The queue is Boost.Thread's
// sync_queue, which Boost documents as EXPERIMENTAL.)
// Shutting down: Python's `with ThreadPoolExecutor():` waits for every queued task. Asio's
// ~thread_pool() is stop(); join(): tasks not yet started are destroyed unrun (part 3), so the
// recipe calls join() itself, and declares the pool after everything its tasks use: locals die
// in reverse order, so on any way out of main the pool goes first.
// Notice: map's results are in input order; as_completed's order is mostly reversed.
// Both hold the same results as a serial loop; part 3's queued tasks never run.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/thread/concurrent_queues/sync_queue.hpp>
#include <chrono>
#include <future>
#include <latch>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/trace.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;

namespace {

// The task: x squared, after a wait that is shorter for later items (a stand-in for I/O).
long slow_square(int x, int items, int step_ms) {
    const cookbook::trace::Span span("task: wait, then x*x", "sleep");  // with --trace FILE
    std::this_thread::sleep_for(std::chrono::milliseconds((items - x) * step_ms));
    return static_cast<long>(x) * x;
}

}  // namespace

int main(int argc, char* argv[]) {
    int workers = 4;
    int items = 12;
    int step_ms = 5;
    cookbook::cli::Options options("ch02_thread_pool",
                                   "map and as_completed on asio::thread_pool.");
    options.count("workers", workers, "threads in the pool", 1, 256)
        .count("items", items, "tasks to run", 1, 10'000)
        .count("step-ms", step_ms, "extra wait per item, in ms (later items wait less)", 0, 100);
    options.parse(argc, argv);

    std::vector<long> serial;
    for (int x = 0; x < items; ++x) {
        serial.push_back(static_cast<long>(x) * x);
    }

    boost::sync_queue<std::pair<int, long>> finished;  // used by part 2's tasks: before the pool
    asio::thread_pool pool(static_cast<std::size_t>(workers));

    // map: one future per item, read in submission order.
    std::vector<std::future<long>> futures;
    for (int x = 0; x < items; ++x) {
        futures.push_back(
            asio::post(pool, asio::use_future([=] { return slow_square(x, items, step_ms); })));
    }
    std::vector<long> mapped;
    std::string mapped_text;
    for (auto& future : futures) {
        const cookbook::trace::Span waiting("future.get()", "wait");
        mapped.push_back(future.get());  // waits for this task, whatever finished before it
        mapped_text += std::to_string(mapped.back()) + " ";
    }
    console::line("map:          results ", mapped_text);

    // as_completed: each task puts (item, result) in a queue when it finishes.
    for (int x = 0; x < items; ++x) {
        asio::post(pool, [=, &finished] { finished.push({x, slow_square(x, items, step_ms)}); });
    }
    std::vector<int> completion_order;
    std::set<std::pair<int, long>> completed;
    for (int i = 0; i < items; ++i) {
        const auto asked = cookbook::trace::now();
        const auto [x, result] = finished.pull();  // waits for the next task to finish
        cookbook::trace::span_since(asked, "finished.pull()", "queue");
        completion_order.push_back(x);
        completed.insert({x, result});
    }
    pool.join();  // like Executor.shutdown(wait=True): every task has ended

    std::string order_text;
    for (int x : completion_order) {
        order_text += std::to_string(x) + " ";
    }
    console::line("as_completed: items in the order they finished: ", order_text);

    // Part 3: what leaving a pool's scope does to tasks still queued. Its only thread is kept
    // busy, so the tasks are surely still queued when the pool is stopped.
    std::vector<std::future<long>> abandoned;  // declared before the pool: outlives it
    {
        std::latch busy(1);
        asio::thread_pool one_thread(1);
        asio::post(one_thread, [&busy] { busy.wait(); });
        for (int x = 0; x < 3; ++x) {
            abandoned.push_back(asio::post(one_thread, asio::use_future([x] { return 1L * x; })));
        }
        one_thread.stop();  // what ~thread_pool() does first, before join()
        busy.count_down();
    }  // ~thread_pool(): the queued tasks are destroyed without running
    int broken = 0;
    for (auto& future : abandoned) {
        try {
            future.get();
        } catch (const std::future_error& e) {
            broken += e.code() == std::future_errc::broken_promise ? 1 : 0;
        }
    }
    console::line("queued tasks dropped by stop(): ", broken, " of 3 (broken_promise)");
    bool same_results = static_cast<int>(completed.size()) == items;
    for (const auto& [x, result] : completed) {
        same_results = same_results && result == serial[static_cast<std::size_t>(x)];
    }
    console::line("map in input order: ", mapped == serial ? "yes" : "no",
                  "; as_completed results equal to serial: ", same_results ? "yes" : "no");
    if (mapped != serial || !same_results || broken != 3) {
        console::error("the pool lost, changed or reordered a result, or ran a stopped task");
        return 1;
    }
    return 0;
}
