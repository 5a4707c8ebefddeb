// Thread synchronisation with an event: a flag that threads can wait for.
//
// Python: threading.Event: set(), clear(), is_set(), wait(timeout).
// Boost.Thread and std have no Event. It is a bool, a mutex and a condition
// variable, below in 25 lines. (For a one-shot event, a boost::promise<void> and its
// shared_future also do.)
//
// Part 1: a starting gun. Waiters block in wait() until main calls set(); they must never pass
// before it. Part 2: a stop signal, the job the book's Event.py needed: its consumer loops
// forever and the program never ends. Here the worker does periodic work with
// `while (!stop.wait_for(period))`, and set() ends it at once, not at the next period.
// Part 3, the flaw in Event.py: its producer announces each item with set() and clear() at
// once, while its consumer sleeps between items. A consumer that is not waiting at that moment
// never learns of the item: an event is a level (set or not), not a count. Counting needs a
// semaphore or a queue.
// Notice: every waiter saw the flag set; the worker stopped within a few milliseconds; the
// late consumer was told of none of the three items.
#include <atomic>
#include <boost/thread/condition_variable.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/thread.hpp>
#include <latch>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

class Event {
  public:
    void set() {
        const boost::lock_guard<boost::mutex> guard(mutex_);
        flag_ = true;
        changed_.notify_all();  // every waiter, not one: an event releases them all
    }
    void clear() {
        const boost::lock_guard<boost::mutex> guard(mutex_);
        flag_ = false;
    }
    bool is_set() {
        const boost::lock_guard<boost::mutex> guard(mutex_);
        return flag_;
    }
    void wait() {
        boost::unique_lock<boost::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return flag_; });
    }
    // True if the flag was set, false if the time ran out (like Python's wait(timeout)).
    bool wait_for(boost::chrono::milliseconds timeout) {
        boost::unique_lock<boost::mutex> lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return flag_; });
    }

  private:
    boost::mutex mutex_;
    boost::condition_variable changed_;
    bool flag_ = false;
};

int main(int argc, char* argv[]) {
    int waiters = 5;
    int period_ms = 20;
    int run_ms = 200;
    cookbook::cli::Options options("ch02_event", "An Event as a starting gun and a stop signal.");
    options.count("waiters", waiters, "threads waiting for the starting gun", 1, 256)
        .count("period-ms", period_ms, "the worker's period in part 2, in ms", 1, 1000)
        .count("run-ms", run_ms, "how long main lets the worker run, in ms", 0, 5000);
    options.parse(argc, argv);

    // Part 1: nobody may pass wait() before set(). `announced` is stored just before set().
    Event start;
    std::atomic<bool> announced{false};
    std::atomic<int> passed_after_set{0};
    std::vector<boost::thread> running;
    for (int i = 0; i < waiters; ++i) {
        running.emplace_back([&, i] {
            start.wait();
            passed_after_set += announced.load() ? 1 : 0;
            console::tagged(console::thread_tag(i), "started");
        });
    }
    boost::this_thread::sleep_for(
        boost::chrono::milliseconds(50));  // a broken wait() would pass now
    announced.store(true);
    console::line("main: set()");
    start.set();
    for (auto& thread : running) {
        thread.join();
    }

    // Part 2: periodic work until the stop event is set.
    Event stop;
    long beats = 0;  // the worker's; read after join()
    cookbook::Stopwatch since_stop;
    double stop_latency_ms = 0;
    boost::thread worker([&] {
        while (!stop.wait_for(boost::chrono::milliseconds(period_ms))) {
            ++beats;  // the periodic work
        }
        stop_latency_ms = since_stop.milliseconds();
    });
    boost::this_thread::sleep_for(boost::chrono::milliseconds(run_ms));  // let it work a while
    since_stop.restart();
    stop.set();
    worker.join();
    console::line("worker: ", beats, " periods of work, stopped ",
                  console::fixed(stop_latency_ms, 1), " ms after set()");

    // Part 3: three items announced the book's way while the consumer is busy elsewhere.
    Event item_ready;
    std::latch pulses_done(1);
    bool told = true;  // the consumer's; read after join()
    boost::thread consumer([&] {
        pulses_done.wait();  // busy, like the book's consumer in its sleep
        told = item_ready.wait_for(boost::chrono::milliseconds(period_ms));
    });
    for (int item = 0; item < 3; ++item) {
        item_ready.set();    // "an item is ready" ...
        item_ready.clear();  // ... and at once not any more
    }
    pulses_done.count_down();
    consumer.join();
    console::line("set(); clear() per item: 3 items announced, a consumer that waited after them ",
                  told ? "was told" : "was told nothing");

    console::line("waiters released only after set(): ", passed_after_set.load(), " of ", waiters);
    if (passed_after_set.load() != waiters || told) {
        console::error("a waiter passed before the event was set, or a cleared event was seen");
        return 1;
    }
    return 0;
}
