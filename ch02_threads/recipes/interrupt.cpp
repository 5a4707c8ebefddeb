// Stopping a thread: Boost's cooperative interruption.
//
// Python: no counterpart. A Python thread cannot be stopped from outside; the usual answer is
//         an Event the thread checks now and then (see event).
// Boost:  t.interrupt() asks; the thread stops at its next *interruption point*:
//         boost::this_thread::interruption_point(), sleep_for(), a condition_variable wait,
//         join(). There it gets a boost::thread_interrupted exception, which unwinds its stack
//         (destructors run, locks are released) and ends the thread quietly.
// std:    std::jthread + std::stop_token: request_stop() asks, the thread polls
//         stop_requested(). sleep_for is not woken by it; a wait that should be is written
//         with std::condition_variable_any::wait(lock, stop_token, predicate).
//
// Worker 1 computes in small steps with an interruption point after each. Worker 2 is asleep
// for a minute. Both stop within milliseconds of interrupt(). Then the same for a std::jthread.
// Notice: "released" lines come from destructors: interruption unwinds the stack.
#include <algorithm>
#include <boost/thread/thread.hpp>
#include <cstdint>
#include <stop_token>
#include <string>
#include <thread>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

namespace {

// Proves that unwinding ran: its destructor prints.
struct Resource {
    std::string name;
    ~Resource() { console::tagged("[" + name + "]", "released its resource"); }
};

// About a millisecond of CPU work.
std::uint64_t step(std::uint64_t x) {
    for (int i = 0; i < 300'000; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    return x;
}

void computing_worker(long& steps_done) {
    const Resource resource{"computing"};
    std::uint64_t x = 1;
    try {
        while (true) {
            x = step(x);
            ++steps_done;
            boost::this_thread::interruption_point();  // throws if interrupt() was called
        }
    } catch (const boost::thread_interrupted&) {
        console::tagged("[computing]", "interrupted after ", steps_done, " steps (checksum ",
                        x % 100, ")");
        throw;  // let it end the thread: Boost catches it at the top, quietly
    }
}

void sleeping_worker() {
    const Resource resource{"sleeping"};
    boost::this_thread::sleep_for(boost::chrono::minutes(1));  // an interruption point
    console::tagged("[sleeping]", "woke up on its own (should not happen)");
}

// Interrupts a thread and returns how long it took to end, in milliseconds.
double interrupt_and_join(boost::thread& thread) {
    cookbook::Stopwatch watch;
    thread.interrupt();
    thread.join();
    return watch.milliseconds();
}

}  // namespace

int main(int argc, char* argv[]) {
    int run_ms = 100;
    cookbook::cli::Options options("ch02_interrupt",
                                   "boost::thread::interrupt and std::stop_token.");
    options.count("run-ms", run_ms, "how long the workers run before they are stopped, in ms", 0,
                  10'000);
    options.parse(argc, argv);
    const auto run_time = boost::chrono::milliseconds(run_ms);

    long steps = 0;  // the computing worker's; read after join()
    boost::thread computing(computing_worker, std::ref(steps));
    boost::thread sleeping(sleeping_worker);
    boost::this_thread::sleep_for(run_time);  // let them work (and sleep) for a while
    const double computing_ms = interrupt_and_join(computing);
    const double sleeping_ms = interrupt_and_join(sleeping);
    console::line("boost: computing worker ended ", console::fixed(computing_ms, 1),
                  " ms after interrupt(), sleeping worker ", console::fixed(sleeping_ms, 1),
                  " ms after");

    // The std way: the thread must check its stop_token itself.
    long std_steps = 0;
    std::jthread polite([&std_steps](std::stop_token stop) {
        std::uint64_t x = 1;
        while (!stop.stop_requested()) {
            x = step(x);
            ++std_steps;
        }
        console::tagged("[jthread]", "saw stop_requested() after ", std_steps, " steps (checksum ",
                        x % 100, ")");
    });
    boost::this_thread::sleep_for(run_time);
    cookbook::Stopwatch watch;
    polite.request_stop();
    polite.join();
    const double jthread_ms = watch.milliseconds();
    console::line("std:   jthread ended ", console::fixed(jthread_ms, 1),
                  " ms after request_stop()");

    const double slowest = std::max({computing_ms, sleeping_ms, jthread_ms});
    const bool prompt = slowest < 1000.0;  // a minute-long sleep cut short, far under a second
    console::line("all workers stopped promptly (under 1 s): ", prompt ? "yes" : "no");
    if (!prompt || steps == 0) {
        console::error("a worker did not stop at its interruption point");
        return 1;
    }
    return 0;
}
