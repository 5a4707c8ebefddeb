// The event loop: one thread running callbacks from a queue, some now, some at a set time.
//
// Python: asyncio's loop.call_soon, loop.call_later, loop.run_forever, loop.stop.
// Boost:  asio::io_context (the loop), asio::post (call_soon), asio::steady_timer with
//         async_wait (call_later), io_context::run / run_for, and stop().
//         std: no event loop.
//
// Part 1, the loop's order: callbacks posted run in the order they were posted (one posted
//   by a running callback joins the end of the queue), and a timer's callback runs no sooner
//   than its time, earliest timer first -- whatever order they were set up in. (Asio promises
//   the posting order only on a strand, see ch05; one thread running the loop keeps it.)
// Part 2, the book's asyncio_event_loop.py: task A schedules B, B schedules C, C schedules A,
//   each after a delay, until the time is up and a task calls stop(). The book runs for 60 s
//   with a blocking time.sleep in every task; here the run is short.
// Part 3, what the book shows without saying so: a callback that blocks (sleep, a long
//   computation, a blocking read) stalls the whole loop. Nothing else runs until it returns.
// Notice: the 10 ms timer fires after 50 ms in part 3 -- on the loop's thread, wait with
// timers and co_await, never with sleep_for.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

int main(int argc, char* argv[]) {
    milliseconds run_time(300);
    milliseconds delay(40);
    milliseconds block(50);
    cookbook::cli::Options options("ch01_event_loop", "io_context as asyncio's event loop.");
    options.milliseconds("run-ms", run_time, "how long the chain of part 2 runs", 0ms, 10'000ms)
        .milliseconds("delay-ms", delay, "delay between tasks in part 2", 1ms, 1000ms)
        .milliseconds("block-ms", block, "how long the callback of part 3 blocks (> 10 ms)", 20ms,
                      1000ms);
    options.parse(argc, argv);

    console::line("-- part 1: call_soon (post) and call_later (steady_timer)");
    asio::io_context loop;
    cookbook::Stopwatch clock;
    std::vector<std::string> order;
    auto note = [&](const std::string& what) {
        order.push_back(what);
        console::line("[", console::fixed(clock.milliseconds(), 1), " ms] ", what);
    };
    asio::post(loop, [&] {
        note("A, posted first");
        asio::post(loop, [&] { note("C, posted by A while it ran"); });
    });
    asio::post(loop, [&] { note("B, posted second"); });
    // Both times from one clock reading: a pause between the two lines cannot reorder them.
    const auto now = std::chrono::steady_clock::now();
    asio::steady_timer later(loop, now + 20ms);  // set up first, due last
    later.async_wait([&](boost::system::error_code) { note("timer due at 20 ms"); });
    asio::steady_timer sooner(loop, now + 10ms);
    sooner.async_wait([&](boost::system::error_code) { note("timer due at 10 ms"); });
    loop.run();  // returns when nothing is left to do
    const std::vector<std::string> promised = {"A, posted first", "B, posted second",
                                               "C, posted by A while it ran", "timer due at 10 ms",
                                               "timer due at 20 ms"};
    const bool in_order = order == promised;

    console::line("-- part 2: A -> B -> C -> A ..., ", delay.count(), " ms apart, for ",
                  run_time.count(), " ms; then a task calls stop()");
    asio::io_context chain_loop;
    asio::steady_timer next(chain_loop);
    const auto end = std::chrono::steady_clock::now() + run_time;
    int calls = 0;
    clock.restart();
    std::function<void(int)> task = [&](int which) {  // task 0 is A, 1 is B, 2 is C
        ++calls;
        console::line("[", console::fixed(clock.milliseconds(), 1), " ms] task_",
                      static_cast<char>('A' + which), " called");
        if (std::chrono::steady_clock::now() + delay >= end) {
            chain_loop.stop();  // loop.stop(): run() returns, pending work or not
            return;
        }
        next.expires_after(delay);  // loop.call_later(delay, next task)
        next.async_wait([&, which](boost::system::error_code) { task((which + 1) % 3); });
    };
    asio::post(chain_loop, [&] { task(0); });  // loop.call_soon(task_A)
    chain_loop.run_for(run_time + 2s);         // a bound, in case the chain never stopped
    const bool stopped = chain_loop.stopped();
    console::line(calls, " calls in ", run_time.count(),
                  " ms, stopped by a task: ", stopped ? "yes" : "no");

    console::line("-- part 3: a callback that blocks for ", block.count(), " ms");
    asio::io_context stalled_loop;
    cookbook::Stopwatch since_start;
    double fired_ms = 0;
    asio::post(stalled_loop, [&] { std::this_thread::sleep_for(block); });  // time.sleep in a task
    asio::steady_timer due(stalled_loop, 10ms);  // due while that callback still sleeps
    due.async_wait([&](boost::system::error_code) { fired_ms = since_start.milliseconds(); });
    stalled_loop.run();
    const bool stalled = fired_ms >= static_cast<double>(block.count());
    console::line("timer due at 10 ms fired at ", console::fixed(fired_ms, 1), " ms");

    console::line("order as promised: ", in_order ? "yes" : "no",
                  "; chain stopped itself: ", stopped ? "yes" : "no",
                  "; the timer waited for the blocking call: ", stalled ? "yes" : "no");
    if (!in_order || !stopped || !stalled) {
        console::error("the loop did not behave as described");
        return 1;
    }
    return 0;
}
