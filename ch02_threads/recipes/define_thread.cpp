// Defining a thread: start threads that each run a function with its own argument.
//
// Python: threading.Thread(target=my_func, args=(i,)), start(), join().
// Boost:  boost::thread t(my_func, i); t.join();      std: std::thread / std::jthread.
//
// The book's Thread_definition.py starts a thread and joins it inside the same loop, so each
// thread has finished before the next one starts: the run is sequential. This recipe does
// that first, then the right way (start them all, then join them all), with each thread
// doing a short simulated wait so that the difference shows in the timing.
// Notice: in the first part the lines come out in order 0, 1, 2, ...; in the second part
// their order changes from run to run, and the whole part takes about one wait, not N.
#include <boost/thread/thread.hpp>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"
#include "cookbook/trace.hpp"

namespace console = cookbook::console;

namespace {

// What each thread runs. `calls[index]` belongs to this thread alone: no other thread
// touches it, so no lock is needed, and after join() the main thread may read it.
void my_func(int index, std::vector<int>& calls, std::vector<int>& arguments,
             boost::chrono::milliseconds work) {
    cookbook::trace::name_thread("thread " + std::to_string(index));  // with --trace FILE
    console::tagged(console::thread_tag(index), "my_func called with ", index);
    const cookbook::trace::Span span("working (a sleep)", "sleep");
    boost::this_thread::sleep_for(work);  // stands in for work (waiting on I/O, say)
    calls[index] += 1;
    arguments[index] = index;
}

}  // namespace

int main(int argc, char* argv[]) {
    int threads = 10;
    int work_ms = 50;
    cookbook::cli::Options options("ch02_define_thread",
                                   "Starts threads with arguments: one by one, then all at once.");
    options.count("threads", threads, "number of threads", 1, 1000)
        .count("work-ms", work_ms, "simulated work per thread, in milliseconds", 0, 1000);
    options.parse(argc, argv);
    const boost::chrono::milliseconds work(work_ms);

    std::vector<int> calls(threads, 0);
    std::vector<int> arguments(threads, -1);

    console::line("-- start a thread, join it, then start the next (the book's loop)");
    cookbook::Stopwatch one_by_one;
    for (int i = 0; i < threads; ++i) {
        boost::thread t(my_func, i, std::ref(calls), std::ref(arguments), work);
        const cookbook::trace::Span joining("join", "wait");
        t.join();  // waits for this thread before the loop starts the next one
    }
    const double one_by_one_seconds = one_by_one.seconds();

    console::line("-- start all threads, then join all of them");
    cookbook::Stopwatch all_at_once;
    std::vector<boost::thread> running;
    for (int i = 0; i < threads; ++i) {
        running.emplace_back(my_func, i, std::ref(calls), std::ref(arguments), work);
    }
    const cookbook::trace::Span joining("joining all", "wait");
    for (auto& t : running) {
        t.join();  // every thread must be joined (or detached) before it is destroyed
    }
    const double all_at_once_seconds = all_at_once.seconds();

    console::line("start and join one by one: ", console::fixed(one_by_one_seconds, 3), " s");
    console::line("start all, then join all:  ", console::fixed(all_at_once_seconds, 3), " s");

    // Each thread ran my_func once per part, with its own index as the argument.
    int correct = 0;
    for (int i = 0; i < threads; ++i) {
        correct += (calls[i] == 2 && arguments[i] == i) ? 1 : 0;
    }
    console::line("threads that ran once per part with their own argument: ", correct, " of ",
                  threads);
    if (correct != threads) {
        console::error("some thread did not run, or ran with the wrong argument");
        return 1;
    }
    return 0;
}
