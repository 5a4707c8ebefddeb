// Defining a thread subclass: an object that owns its thread.
//
// Python: class MyThread(threading.Thread) with run(), then start() and join().
// Boost:  a class holding a boost::scoped_thread<> (joins in its destructor);
// std:    a class holding a std::jthread (the same idea, plus a stop_token).
//
// C++ prefers "has a thread" to "is a thread": the object owns a thread member that runs
// its run() function, and its destructor joins it, so the object cannot die while its thread
// still uses it (a plain boost::thread or std::thread destroyed unjoined ends
// the program). The thread starts in start(), not in the constructor: a thread started by a
// constructor may run before the object is fully built.
// Notice: all threads report the same pid (one process) but different thread ids (tid); the
// summary is printed after the scope that joined them all.
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/thread/scoped_thread.hpp>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

// What a thread leaves behind: written by that thread only, read by main after the join.
struct Result {
    bool done = false;
    long tid = 0;  // the kernel's id of the thread
};

class MyThread {
  public:
    MyThread(std::string name, boost::chrono::milliseconds duration, Result& result)
        : name_(std::move(name)), duration_(duration), result_(result) {}
    // The running thread holds `this`: the object must never move or be copied.
    MyThread(const MyThread&) = delete;
    MyThread& operator=(const MyThread&) = delete;

    void start() { thread_ = boost::scoped_thread<>(&MyThread::run, this); }
    // No join(): ~scoped_thread joins. Members are destroyed in reverse order, so thread_
    // (declared last) is joined before the members its thread uses are destroyed.

  private:
    void run() {
        const long tid = static_cast<long>(::syscall(SYS_gettid));
        console::tagged("[" + name_ + "]", "running in pid ", ::getpid(), ", tid ", tid);
        boost::this_thread::sleep_for(duration_);  // stands in for the work
        result_ = {true, tid};
    }

    std::string name_;
    boost::chrono::milliseconds duration_;
    Result& result_;
    boost::scoped_thread<> thread_;  // last member: joined first, see above
};

int main(int argc, char* argv[]) {
    int threads = 9;
    int max_ms = 200;
    cookbook::cli::Options options("ch02_thread_subclass",
                                   "Objects that own their thread and join it when destroyed.");
    options.count("threads", threads, "number of thread objects", 1, 1000)
        .count("max-ms", max_ms, "the longest simulated job, in milliseconds", 0, 5000);
    options.parse(argc, argv);

    cookbook::Stopwatch watch;
    std::vector<Result> results(threads);
    {
        std::deque<MyThread> workers;  // a deque never moves its elements as it grows
        for (int i = 0; i < threads; ++i) {
            const auto duration = boost::chrono::milliseconds(max_ms * (i % 3 + 1) / 3);
            workers.emplace_back("Thread#" + std::to_string(i + 1), duration, results[i]);
        }
        for (auto& worker : workers) {
            worker.start();
        }
        console::line("main: all started; leaving this scope joins them");
    }  // ~MyThread, for each worker: joins its thread
    console::line("elapsed: ", console::fixed(watch.seconds(), 3),
                  " s (about the longest job, not the sum)");

    int done = 0;
    std::set<long> tids;
    for (const auto& result : results) {
        done += result.done ? 1 : 0;
        tids.insert(result.tid);
    }
    console::line("one pid ", ::getpid(), ", ", tids.size(), " different thread ids");
    console::line("objects whose work was done when their scope ended: ", done, " of ", threads);
    if (done != threads) {
        console::error("a thread was not joined before its object was destroyed");
        return 1;
    }
    return 0;
}
