// Thread synchronisation with semaphores: a counter of permits that threads take and give.
//
// Python: threading.Semaphore(k), acquire() / release().
// std:    std::counting_semaphore<> (C++20), std::binary_semaphore.
// Boost.Thread has no semaphore; boost::interprocess::interprocess_semaphore (a POSIX sem_t)
// works between threads too.
//
// Part 1, the book's Semaphore.py: a semaphore that starts at 0 is a signal. The consumer
// acquires and so waits until the producer releases after making an item.
// Part 2, the other classic use: a semaphore that starts at K lets at most K threads into a
// section at once (a pool of K connections, say). The recipe measures the most threads ever
// inside at the same moment (a high-water mark) and checks it never exceeds K.
// A caveat: libstdc++'s semaphore (GCC 12 here) has a known lost wake-up (GCC bugs 98033 and
// 104928): under contention acquire() can go to sleep while a permit is free and never wake.
// So every acquire here is try_acquire_for(bound), whose wait ends at the bound and then
// checks the count again: a lost wake-up costs a delay, a permit that never comes an error,
// never a hang. A mutex + condition_variable semaphore does not have the problem.
// Notice: part 1 hands over every item in order; in part 2 the high-water mark is K.
#include <algorithm>
#include <atomic>
#include <boost/thread/thread.hpp>
#include <chrono>
#include <semaphore>
#include <thread>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

namespace {

std::atomic<int> gave_up{0};  // acquires that ran into their bound: must stay 0

// Every wait for a permit has a bound (see the caveat above).
template <class Semaphore>
bool acquire(Semaphore& semaphore, std::chrono::microseconds bound) {
    const bool got = semaphore.try_acquire_for(bound);
    gave_up += got ? 0 : 1;
    return got;
}

// Part 1: producer and consumer take turns through two signals.
int hand_over(int items) {
    const std::chrono::microseconds bound = std::chrono::seconds(5);  // each wait is short
    std::binary_semaphore item_ready(0);  // 0: the consumer's acquire() waits
    std::binary_semaphore slot_free(1);   // 1: the producer may make the first item
    int item = -1;                        // written and read in turns, as the semaphores order
    int received_in_order = 0;
    boost::thread consumer([&] {
        for (int expected = 0; expected < items && acquire(item_ready, bound); ++expected) {
            received_in_order += item == expected ? 1 : 0;
            slot_free.release();
        }
    });
    for (int i = 0; i < items && acquire(slot_free, bound); ++i) {
        item = i;
        item_ready.release();
    }
    consumer.join();
    return received_in_order;
}

// Part 2: `threads` threads, at most `permits` of them in the section at once.
int most_inside_at_once(int threads, int permits, int rounds, std::chrono::microseconds work) {
    // No wait can take longer than the whole part: rounds x threads holds, K at a time.
    const auto bound = std::chrono::seconds(5) + work * rounds * threads / permits;
    std::counting_semaphore<> section(permits);
    std::atomic<int> inside{0};
    std::atomic<int> high_water{0};
    std::vector<boost::thread> running;
    for (int t = 0; t < threads; ++t) {
        running.emplace_back([&] {
            for (int r = 0; r < rounds && acquire(section, bound); ++r) {
                cookbook::raise_to(high_water, inside.fetch_add(1) + 1);  // measure who is in
                std::this_thread::sleep_for(work);  // stands in for using the resource
                inside.fetch_sub(1);
                section.release();
            }
        });
    }
    for (auto& thread : running) {
        thread.join();
    }
    return high_water.load();
}

}  // namespace

int main(int argc, char* argv[]) {
    int items = 10;
    int threads = 8;
    int permits = 3;
    int rounds = 20;
    int hold_us = 500;
    cookbook::cli::Options options("ch02_semaphore", "A semaphore as a signal, and as a limit.");
    options.count("items", items, "items handed from producer to consumer", 1, 1'000'000)
        .count("threads", threads, "threads competing for the section", 1, 256)
        .count("permits", permits, "threads allowed in the section at once (K)", 1, 256)
        .count("rounds", rounds, "times each thread enters the section", 1, 10'000)
        .count("hold-us", hold_us, "time each thread stays inside, in microseconds", 0, 1'000'000);
    options.parse(argc, argv);

    const int in_order = hand_over(items);
    console::line("part 1: items handed over in order: ", in_order, " of ", items);

    const int high_water =
        most_inside_at_once(threads, permits, rounds, std::chrono::microseconds(hold_us));
    console::line("part 2: ", threads, " threads, ", permits, " permits");
    console::line("most threads inside at once: ", high_water, " (limit ", permits, ")");
    console::line("items in order: ", in_order == items ? "all" : "NOT all",
                  "; section never above ", permits,
                  " threads: ", high_water <= permits ? "yes" : "no");
    if (in_order != items || high_water > permits || high_water < 1 || gave_up.load() != 0) {
        console::error("the semaphore let too many threads in, an item was lost, or ",
                       gave_up.load(), " acquires ran into their bound");
        return 1;
    }
    return 0;
}
