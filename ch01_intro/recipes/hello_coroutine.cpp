// Hello from coroutines: functions that pause at each `co_await` and let others run.
//
// Python: asyncio.run(main()), async def, await, asyncio.create_task, asyncio.sleep.
// Boost:  asio::io_context (the event loop), asio::co_spawn (create_task),
//         asio::awaitable<T> (async def), co_await, asio::steady_timer (asyncio.sleep).
//         std: C++20 has the co_await machinery but no event loop and no timer to await.
//
// A coroutine is a function that can stop in the middle and be resumed later. While one
// waits (here for a timer), the event loop runs another: many tasks take turns on ONE thread.
// That is concurrency without parallelism -- nothing runs at the same instant, so nothing
// needs a lock, and no waiting blocks the others.
// Part 1 awaits two coroutines one after the other (like `await count("A")` twice).
// Part 2 spawns both and runs the loop (like create_task twice, then waiting for both).
// Notice: part 2's steps interleave (A, B, A, B, ...), take half the time, and every step
// runs on the same thread as main.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cookbook/asio.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;

namespace {

std::string this_thread_id() {
    std::ostringstream id;
    id << std::this_thread::get_id();
    return id.str();
}

struct Step {
    std::string name;
    std::string thread_id;
};

// async def count(name): three steps with an `await asyncio.sleep(step)` after each.
asio::awaitable<void> count(std::string name, int steps, std::chrono::milliseconds step,
                            std::vector<Step>& log) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (int i = 1; i <= steps; ++i) {
        console::tagged("[" + name + "]", "step ", i, " on thread ", this_thread_id());
        log.push_back({name, this_thread_id()});  // one thread only: no lock needed
        timer.expires_after(step);
        co_await timer.async_wait(asio::use_awaitable);  // pause; the loop runs someone else
    }
}

// async def main(): await one, then the other.
asio::awaitable<void> one_after_the_other(int steps, std::chrono::milliseconds step,
                                          std::vector<Step>& log) {
    co_await count("A", steps, step, log);
    co_await count("B", steps, step, log);
}

}  // namespace

int main(int argc, char* argv[]) {
    int steps = 3;
    std::chrono::milliseconds step(50);
    cookbook::cli::Options options("ch01_hello_coroutine",
                                   "Two coroutines taking turns on one thread.");
    options.count("steps", steps, "steps per coroutine", 1, 100)
        .milliseconds("step-ms", step, "pause after each step", std::chrono::milliseconds(0),
                      std::chrono::milliseconds(1000));
    options.parse(argc, argv);
    console::tagged("[main]", "thread ", this_thread_id());

    console::line("-- await A, then await B");
    std::vector<Step> sequential;
    cookbook::Stopwatch watch;
    asio::io_context loop;  // asyncio.run(main()): a loop, one coroutine, run until done
    asio::co_spawn(loop, one_after_the_other(steps, step, sequential), cookbook::rethrow);
    loop.run();
    const double sequential_seconds = watch.seconds();

    console::line("-- spawn A and B, then run the loop");
    std::vector<Step> together;
    watch.restart();
    asio::io_context loop2;
    asio::co_spawn(loop2, count("A", steps, step, together),
                   cookbook::rethrow);  // create_task(count("A"))
    asio::co_spawn(loop2, count("B", steps, step, together), cookbook::rethrow);
    loop2.run();  // returns when both coroutines have finished
    const double together_seconds = watch.seconds();

    console::line("one after the other: ", console::fixed(sequential_seconds, 3),
                  " s; together: ", console::fixed(together_seconds, 3), " s");
    bool one_thread = true;
    for (const auto& entry : sequential) {
        one_thread = one_thread && entry.thread_id == this_thread_id();
    }
    bool interleaved = static_cast<int>(together.size()) == 2 * steps;
    for (std::size_t i = 0; i < together.size(); ++i) {
        one_thread = one_thread && together[i].thread_id == this_thread_id();
        interleaved = interleaved && together[i].name == (i % 2 == 0 ? "A" : "B");
    }
    const std::size_t total = sequential.size() + together.size();
    console::line("steps: ", total, " on 1 thread: ", one_thread ? "yes" : "no",
                  "; spawned coroutines interleaved: ", interleaved ? "yes" : "no");
    if (!one_thread || !interleaved || total != static_cast<std::size_t>(4 * steps)) {
        console::error("the coroutines did not take turns on the main thread");
        return 1;
    }
    return 0;
}
