// A strand: handlers that never run at the same time, on a pool of threads, with no mutex.
//
// Python: asyncio runs every callback on its one thread, so two callbacks never overlap and
//         shared state needs no lock. That is also why it uses one core.
// Boost:  asio::thread_pool runs handlers on N threads at once. asio::make_strand(pool) gives
//         an executor whose handlers run one at a time, in the order they were posted, each on
//         whichever pool thread is free: asyncio's guarantee, for just the handlers that need it.
//
// Part 1 posts N handlers through a strand; each reads a plain `long`, works a little, and
// writes it back plus 1 -- no lock, no atomic, and no data race, because the strand makes each
// handler finish before the next starts (ThreadSanitizer agrees). An atomic counts the handlers
// inside at once, and the set of threads they ran on (also touched only inside the strand)
// shows they moved between threads.
// Part 2 posts the same handlers to the pool directly. With a plain `long` that would be a
// data race, undefined behaviour; so here the counter is an atomic read and written in two
// steps (load, work, store): the lost-update race, kept defined. The work between the two
// steps is the window in which another handler reads the same value.
// Notice: through the strand the count is exact and never more than 1 handler is inside,
// although the handlers may run on any pool thread (the strand hands its queue to whichever
// thread is free: usually more than one in a run); without it they overlap, updates are lost.
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <set>
#include <thread>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;

// About a microsecond of work (spinning on the clock, which the compiler cannot remove).
void work_a_little() {
    const cookbook::Stopwatch busy;
    while (busy.elapsed() < std::chrono::microseconds(1)) {
    }
}

int main(int argc, char* argv[]) {
    int threads = 4;
    long handlers = 100'000;
    cookbook::cli::Options options("ch05_strand",
                                   "Serialise handlers on a thread_pool with a strand.");
    options.count("threads", threads, "threads in the pool", 1, 64)
        .count("handlers", handlers, "handlers posted in each part", 1, 10'000'000);
    options.parse(argc, argv);

    // Part 1: through a strand.
    long count = 0;                    // touched only by handlers of the strand
    std::set<std::thread::id> ran_on;  // likewise
    std::atomic<int> inside{0}, most_inside{0};
    {
        asio::thread_pool pool(threads);
        auto strand = asio::make_strand(pool);
        for (long i = 0; i < handlers; ++i) {
            asio::post(strand, [&] {
                cookbook::raise_to(most_inside, inside.fetch_add(1) + 1);
                const long seen = count;
                work_a_little();
                count = seen + 1;
                ran_on.insert(std::this_thread::get_id());
                inside.fetch_sub(1);
            });
        }
        pool.join();  // returns when every posted handler has run
    }
    console::line("part 1, through a strand: count ", count, ", most handlers inside at once ",
                  most_inside.load(), ", pool threads used ", ran_on.size(), " of ", threads);

    // Part 2: straight to the pool.
    std::atomic<long> racy_count{0};
    std::atomic<int> pool_inside{0}, pool_most_inside{0};
    {
        asio::thread_pool pool(threads);
        for (long i = 0; i < handlers; ++i) {
            asio::post(pool, [&] {
                cookbook::raise_to(pool_most_inside, pool_inside.fetch_add(1) + 1);
                const long seen = racy_count.load(std::memory_order_relaxed);
                work_a_little();
                racy_count.store(seen + 1, std::memory_order_relaxed);  // may overwrite others
                pool_inside.fetch_sub(1);
            });
        }
        pool.join();
    }
    console::line("part 2, straight to the pool: count ", racy_count.load(),
                  ", most handlers inside at once ", pool_most_inside.load(),
                  " (lost updates: ", handlers - racy_count.load(), ")");

    console::line("strand count: ", count, " (expected ", handlers,
                  "); most handlers inside the strand at once: ", most_inside.load());
    if (count != handlers || most_inside.load() != 1) {
        console::error("the strand let handlers overlap or lost one");
        return 1;
    }
    return 0;
}
