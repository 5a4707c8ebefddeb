// Lock-free queues: threads hand items over without any thread ever holding a lock.
//
// Python: none (queue.Queue is a lock and two conditions, and the GIL serialises it anyway).
// Boost:  boost::lockfree::spsc_queue: one producer, one consumer; a ring buffer with two
//         atomic indices, wait-free for both sides.  boost::lockfree::queue: any number of
//         producers and consumers, lock-free (compare-and-swap loops); items must be
//         trivially copyable.  std: none.
//
// Lock-free means no thread waits for another to release a lock, so a thread stopped at any
// moment (preempted, or slow) cannot hold the others up. It does not mean there is never
// anything to wait for: pop() on an empty queue and push() on a full one just return false,
// and this recipe then yields and tries again. That spinning burns a core, which is fine for
// a busy hand-over like this one and wrong for a queue that sits idle (block on a condition
// variable there, as ch02's queue does).
// Part 1: spsc_queue: one producer pushes 0..N-1; the consumer checks each item is the next.
// Part 2: queue: P producers push disjoint ranges, C consumers pop until all are taken; a
// table counts how often each item arrived.
// Notice: spsc delivers every item once and in order; queue every item once, in no set order.
#include <atomic>
// g++ 16 at -O3 wrongly thinks a node's tag in boost::lockfree::queue's free list may be read
// uninitialized (Boost 1.92); the warning is in Boost's code, so it is silenced for its headers.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/lockfree/queue.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

namespace {

// Part 1. Returns how many items arrived as the next expected one.
long spsc_part(long items) {
    boost::lockfree::spsc_queue<long, boost::lockfree::capacity<1024>> queue;
    long in_order = 0;
    std::jthread consumer([&] {
        for (long expected = 0; expected < items;) {  // ends: the producer pushes them all
            long item = -1;
            if (!queue.pop(item)) {
                std::this_thread::yield();  // empty for now
                continue;
            }
            in_order += item == expected ? 1 : 0;
            ++expected;
        }
    });
    for (long i = 0; i < items; ++i) {
        while (!queue.push(i)) {
            std::this_thread::yield();  // full for now
        }
    }
    consumer.join();
    return in_order;
}

// Part 2. Returns how many items arrived exactly once.
long mpmc_part(int producers, int consumers, long items_each) {
    boost::lockfree::queue<long, boost::lockfree::capacity<1024>> queue;
    const long total = producers * items_each;
    std::vector<std::atomic<int>> arrivals(total);  // value-initialised: all 0
    std::atomic<long> taken{0};
    {
        std::vector<std::jthread> threads;  // joined at the end of this scope
        for (int c = 0; c < consumers; ++c) {
            threads.emplace_back([&] {
                while (taken.load() < total) {  // ends: every item is pushed and taken once
                    long item = -1;
                    if (queue.pop(item)) {
                        arrivals[item].fetch_add(1);
                        taken.fetch_add(1);
                    } else {
                        std::this_thread::yield();
                    }
                }
            });
        }
        for (int p = 0; p < producers; ++p) {
            threads.emplace_back([&, p] {
                for (long i = p * items_each; i < (p + 1) * items_each; ++i) {
                    while (!queue.push(i)) {
                        std::this_thread::yield();
                    }
                }
            });
        }
    }
    long once = 0;
    for (const auto& count : arrivals) {
        once += count.load() == 1 ? 1 : 0;
    }
    return once;
}

}  // namespace

int main(int argc, char* argv[]) {
    long items = 100'000;
    int producers = 2, consumers = 2;
    cookbook::cli::Options options("ch05_lockfree_queue",
                                   "Hand items between threads through lock-free queues.");
    options.count("items", items, "items through the spsc queue, and per producer", 1, 50'000'000)
        .count("producers", producers, "producer threads in part 2", 1, 16)
        .count("consumers", consumers, "consumer threads in part 2", 1, 16);
    options.parse(argc, argv);

    cookbook::Stopwatch watch;
    const long in_order = spsc_part(items);
    console::line("part 1, spsc_queue: ", items, " items in ", console::fixed(watch.seconds(), 4),
                  " s; arrived in order: ", in_order);

    watch.restart();
    const long total = producers * items;
    const long once = mpmc_part(producers, consumers, items);
    console::line("part 2, queue with ", producers, " producers and ", consumers,
                  " consumers: ", total, " items in ", console::fixed(watch.seconds(), 4),
                  " s; arrived exactly once: ", once);

    console::line("spsc: ", in_order, " of ", items, " once and in order; queue: ", once, " of ",
                  total, " exactly once");
    if (in_order != items || once != total) {
        console::error("an item was lost, duplicated or out of order");
        return 1;
    }
    return 0;
}
