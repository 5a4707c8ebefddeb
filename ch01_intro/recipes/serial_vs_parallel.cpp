// The same jobs three ways: one after another, one thread per job, one process per job.
//
// Python: the book's do_something.py with serial_test.py, multithreading_test.py and
//         multiprocessing_test.py: 10 jobs that each append random numbers to a list.
// Boost:  a loop; boost::thread per job; cookbook::Child::self per job (the program re-runs
//         itself) with the results handed back through shared memory.
//
// The book's threaded version has a bug: Thread(target=do_something(size, out_list)) *calls*
// do_something right there, in the main thread, and hands its result (None) to the Thread.
// So its "threads" ran serially by construction -- not only because of the GIL. Here each
// thread really runs its job, and with no GIL the jobs run on all cores at once.
// The book's processes also throw their lists away. Here every job returns the sum of its
// numbers, each job seeds its own generator, and the three ways must agree to the last bit.
// Notice: threads and processes finish in about 1/cores of the serial time; processes pay
// a little more to start; and all three give the same sums.
#include <algorithm>
#include <boost/thread/thread.hpp>
#include <random>
#include <string>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/shared_array.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;
using namespace std::chrono_literals;

namespace {

// The book's do_something(count, out_list): `count` random numbers in [0, 1). The book keeps
// them in a list (10 lists of 10 million floats: 800 MB); here only their sum is kept, which
// the compiler cannot drop and which lets the three ways be compared.
double do_something(int job, long count) {
    std::mt19937_64 engine(static_cast<std::uint64_t>(job));  // one engine per job, never shared
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    double sum = 0;
    for (long i = 0; i < count; ++i) {
        sum += uniform(engine);
    }
    return sum;
}

std::vector<double> serial(int jobs, long size) {
    std::vector<double> sums(static_cast<std::size_t>(jobs));
    for (int job = 0; job < jobs; ++job) {
        sums[job] = do_something(job, size);
    }
    return sums;
}

std::vector<double> with_threads(int jobs, long size) {
    std::vector<double> sums(static_cast<std::size_t>(jobs));  // each thread writes its slot
    std::vector<boost::thread> threads;
    for (int job = 0; job < jobs; ++job) {
        threads.emplace_back([&sums, job, size] { sums[job] = do_something(job, size); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return sums;
}

std::vector<double> with_processes(int jobs, long size) {
    // One slot per child in shared memory: a process's memory is its own (hello_process).
    cookbook::ipc::SharedArray<double> shared(cookbook::ipc::unique_name("sums"), jobs);
    std::vector<cookbook::Child> children;
    for (int job = 0; job < jobs; ++job) {
        children.push_back(
            cookbook::Child::self({"--child", std::to_string(job), "--size", std::to_string(size),
                                   "--results", shared.name()}));
    }
    std::vector<double> sums(static_cast<std::size_t>(jobs), -1.0);
    if (cookbook::wait_all(children, 60s)) {  // one bound for all; each failure is reported
        for (int job = 0; job < jobs; ++job) {
            sums[job] = shared[job];  // each child wrote its slot before it exited
        }
    }
    return sums;
}

}  // namespace

int main(int argc, char* argv[]) {
    int jobs = 10;
    long size = 1'000'000;
    int child = -1;  // >= 0 only in a child process: which job to run
    std::string results_name;
    cookbook::cli::Options options("ch01_serial_vs_parallel",
                                   "The book's do_something jobs: serial, threads, processes.");
    options.count("jobs", jobs, "jobs, and threads / processes (one each)", 1, 64)
        .count("size", size, "random numbers per job", 1, 10'000'000)
        .internal("child", child)
        .internal("results", results_name);
    options.parse(argc, argv);
    if (child >= 0) {
        cookbook::ipc::SharedArray<double> shared(results_name);
        shared[child] = do_something(child, size);
        return 0;
    }

    // A warm-up, not timed: the first run of anything meets cold caches and a CPU clock still
    // speeding up, which would flatter the others. Its result is checked with the rest below,
    // so the compiler cannot drop it as unused.
    const std::vector<double> warm_up = serial(jobs, size);
    cookbook::ResultTable table(console::concat(jobs, " jobs of ", size, " random numbers"));
    cookbook::Stopwatch watch;
    const std::vector<double> serial_sums = serial(jobs, size);
    table.add("serial", watch.seconds(), 1);
    watch.restart();
    const std::vector<double> thread_sums = with_threads(jobs, size);
    table.add(console::concat(jobs, " threads"), watch.seconds(), jobs);
    watch.restart();
    const std::vector<double> process_sums = with_processes(jobs, size);
    table.add(console::concat(jobs, " processes"), watch.seconds(), jobs);
    table.print();

    console::line("sum of job 0: ", console::fixed(serial_sums[0], 6), " (about ", size / 2,
                  ", half of ", size, " numbers in [0, 1))");
    const bool same =
        thread_sums == serial_sums && process_sums == serial_sums && warm_up == serial_sums;
    console::line("same sums from serial, ", jobs, " threads and ", jobs,
                  " processes: ", same ? "yes" : "no");
    if (!same) {
        console::error("the three ways disagree");
        return 1;
    }
    return 0;
}
