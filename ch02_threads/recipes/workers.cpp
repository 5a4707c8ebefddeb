// Workers: a fixed set of threads that pull jobs from a shared queue until it runs dry.
//
// Python: a list of Thread objects that loop on queue.get() (the tutorials' "Workers" and
//         the queue-based readers), each putting its result somewhere shared.
// Boost:  boost::thread_group (create_thread, join_all) and boost::sync_queue for the jobs
//         (Boost.Thread's synchronized queues, which Boost documents as EXPERIMENTAL).
//
// This is the shape of most real thread programs: the number of threads is fixed (about the
// number of cores for CPU work), the number of jobs is not. Each worker keeps its own count
// and its own partial sum, so the workers share nothing but the queue; main adds the parts up
// after join_all(). Jobs are of different sizes, so the workers end up with different counts:
// whoever is free takes the next job.
// Notice: the per-worker counts differ but add up to the number of jobs, and the total equals
// the serial result.
#include <boost/thread/concurrent_queues/sync_queue.hpp>
#include <boost/thread/thread.hpp>
#include <cstdint>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

namespace {

// The job: `n` steps of a xorshift random-number chain (it stands for real CPU work;
// unlike a sum of squares, the compiler cannot turn it into a formula).
std::uint64_t job(std::uint64_t n) {
    std::uint64_t x = n;
    for (std::uint64_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

// What one worker did; written by that worker only, read by main after join_all().
struct Tally {
    int jobs = 0;
    std::uint64_t sum = 0;  // of the jobs' results
};

}  // namespace

int main(int argc, char* argv[]) {
    int workers = 4;
    int jobs = 200;
    long job_size = 2'000'000;
    cookbook::cli::Options options("ch02_workers", "A thread_group of workers on a job queue.");
    options.count("workers", workers, "worker threads", 1, 256)
        .count("jobs", jobs, "jobs in the queue", 1, 1'000'000)
        .count("job-size", job_size, "size of the largest job", 1, 100'000'000);
    options.parse(argc, argv);

    // Job j has size job_size * (j % 10 + 1) / 10: ten different sizes.
    std::vector<std::uint64_t> sizes;
    for (int j = 0; j < jobs; ++j) {
        sizes.push_back(static_cast<std::uint64_t>(job_size) * (j % 10 + 1) / 10);
    }

    boost::sync_queue<std::uint64_t> queue;
    for (std::uint64_t size : sizes) {
        queue.push(size);
    }
    queue.close();  // all jobs are in: a worker that finds the queue empty is done

    cookbook::Stopwatch watch;
    std::vector<Tally> tallies(workers);
    boost::thread_group group;
    for (int w = 0; w < workers; ++w) {
        group.create_thread([&queue, &tally = tallies[w]] {
            std::uint64_t size = 0;
            while (queue.wait_pull(size) == boost::queue_op_status::success) {
                tally.sum += job(size);
                tally.jobs += 1;
            }
        });
    }
    group.join_all();
    const double parallel_seconds = watch.seconds();

    int jobs_done = 0;
    std::uint64_t total = 0;
    for (int w = 0; w < workers; ++w) {
        console::tagged(console::thread_tag(w), tallies[w].jobs, " jobs");
        jobs_done += tallies[w].jobs;
        total += tallies[w].sum;  // unsigned: wraps around the same way in both totals
    }

    watch.restart();
    std::uint64_t serial_total = 0;
    for (std::uint64_t size : sizes) {
        serial_total += job(size);
    }
    console::line(workers, " workers: ", console::fixed(parallel_seconds, 3),
                  " s; one thread: ", console::fixed(watch.seconds(), 3), " s");
    console::line("jobs done: ", jobs_done, " of ", jobs,
                  "; total equals the serial total: ", total == serial_total ? "yes" : "no");
    if (jobs_done != jobs || total != serial_total) {
        console::error("a job was lost or done twice");
        return 1;
    }
    return 0;
}
