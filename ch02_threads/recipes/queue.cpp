// Thread communication using a queue: producers put items in, consumers take them out.
//
// Python: queue.Queue(maxsize), put(), get(), task_done().
// Boost:  boost::sync_bounded_queue (Boost.Thread's concurrent queues): push_back(), which
//         waits while the queue is full, wait_pull_front(), which waits while it is empty, and
//         close(). std has no concurrent queue: it is a deque, a mutex and two condition
//         variables (see condition).
// Boost documents these queues as EXPERIMENTAL (subject to change). Their older names, push()
// and pull(), exist only while BOOST_THREAD_QUEUE_DEPRECATE_OLD is undefined; this chapter
// defines it, so only the current names compile.
//
// The book's Threading_with_queue.py never ends: its consumers loop on get() forever and are
// joined. Closing the queue is the fix: once the producer has put its last item it calls
// close(); the consumers drain what is left, then wait_pull_front() returns `closed` instead
// of waiting, and they finish. (The other fix is one "poison pill" item per consumer.)
// Notice: the items are shared between the consumers differently on each run, and each item
// is consumed exactly once.
#include <boost/thread/concurrent_queues/sync_bounded_queue.hpp>
#include <boost/thread/thread.hpp>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    int items = 100'000;
    int consumers = 3;
    int capacity = 100;
    cookbook::cli::Options options("ch02_queue", "One producer, several consumers, one queue.");
    options.count("items", items, "items the producer puts", 1, 100'000'000)
        .count("consumers", consumers, "consumer threads", 1, 256)
        .count("capacity", capacity, "most items in the queue at once", 1, 1'000'000);
    options.parse(argc, argv);

    boost::sync_bounded_queue<int> queue(static_cast<std::size_t>(capacity));

    // taken[c] lists what consumer c took: written only by c, read by main after join().
    std::vector<std::vector<int>> taken(consumers);
    std::vector<boost::thread> running;
    for (int c = 0; c < consumers; ++c) {
        running.emplace_back([&queue, &mine = taken[c]] {
            int item = 0;
            while (queue.wait_pull_front(item) == boost::queue_op_status::success) {
                mine.push_back(item);
            }  // `closed`: the queue is closed and empty, so there is nothing more to come
        });
    }

    for (int i = 0; i < items; ++i) {
        queue.push_back(i);  // waits while the queue is full
    }
    queue.close();  // no more items: consumers finish once the queue is empty
    for (auto& thread : running) {
        thread.join();
    }

    std::vector<int> times_consumed(items, 0);
    for (int c = 0; c < consumers; ++c) {
        console::tagged(console::thread_tag(c), "consumed ", taken[c].size(), " items");
        for (int item : taken[c]) {
            times_consumed[item] += 1;
        }
    }
    int exactly_once = 0;
    for (int count : times_consumed) {
        exactly_once += count == 1 ? 1 : 0;
    }
    console::line("items consumed exactly once: ", exactly_once, " of ", items);
    if (exactly_once != items) {
        console::error("an item was lost or consumed twice");
        return 1;
    }
    return 0;
}
