// Thread synchronisation with semaphores: a counter of permits that threads take and give.
//
// Python: threading.Semaphore(k), acquire() / release().
// std:    std::counting_semaphore<> (C++20), std::binary_semaphore.
// Boost.Thread has no semaphore; boost::interprocess::interprocess_semaphore
// works between threads too, but the C++20 one is the natural choice now.
//
// Part 1, the book's Semaphore.py: a semaphore that starts at 0 is a signal. The consumer
// acquire()s and so waits until the producer release()s after making an item.
// Part 2, the other classic use: a semaphore that starts at K lets at most K threads into a
// section at once (a pool of K connections, say). The recipe measures the most threads ever
// inside at the same moment (a high-water mark) and checks it never exceeds K.
// Notice: part 1 hands over every item in order; in part 2 the high-water mark is K.
#include <algorithm>
#include <atomic>
#include <boost/thread/thread.hpp>
#include <semaphore>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"

namespace console = cookbook::console;

namespace {

// Part 1: producer and consumer take turns through two signals.
int hand_over(int items) {
    std::binary_semaphore item_ready(0);  // 0: the consumer's acquire() waits
    std::binary_semaphore slot_free(1);   // 1: the producer may make the first item
    int item = -1;                        // written and read in turns, as the semaphores order
    int received_in_order = 0;
    boost::thread consumer([&] {
        for (int expected = 0; expected < items; ++expected) {
            item_ready.acquire();
            received_in_order += item == expected ? 1 : 0;
            slot_free.release();
        }
    });
    for (int i = 0; i < items; ++i) {
        slot_free.acquire();
        item = i;
        item_ready.release();
    }
    consumer.join();
    return received_in_order;
}

// Part 2: `threads` threads, at most `permits` of them in the section at once.
int most_inside_at_once(int threads, int permits, int rounds, boost::chrono::microseconds work) {
    std::counting_semaphore<> section(permits);
    std::atomic<int> inside{0};
    std::atomic<int> high_water{0};
    std::vector<boost::thread> running;
    for (int t = 0; t < threads; ++t) {
        running.emplace_back([&] {
            for (int r = 0; r < rounds; ++r) {
                section.acquire();
                cookbook::raise_to(high_water, inside.fetch_add(1) + 1);  // measure who is in
                boost::this_thread::sleep_for(work);  // stands in for using the resource
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
        .count("hold-us", hold_us, "time each thread stays inside, in microseconds", 0,
               1'000'000);
    options.parse(argc, argv);

    const int in_order = hand_over(items);
    console::line("part 1: items handed over in order: ", in_order, " of ", items);

    const int high_water = most_inside_at_once(threads, permits, rounds,
                                               boost::chrono::microseconds(hold_us));
    console::line("part 2: ", threads, " threads, ", permits, " permits");
    console::line("most threads inside at once: ", high_water, " (limit ", permits, ")");
    console::line("items in order: ", in_order == items ? "all" : "NOT all",
                  "; section never above ", permits, " threads: ",
                  high_water <= permits ? "yes" : "no");
    if (in_order != items || high_water > permits || high_water < 1) {
        console::error("the semaphore let too many threads in, or an item was lost");
        return 1;
    }
    return 0;
}
