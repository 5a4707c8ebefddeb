// Thread synchronisation with a condition: wait until the shared state is what you need.
//
// Python: threading.Condition, wait() / notify().
// Boost:  boost::condition_variable + boost::unique_lock<boost::mutex>.
// std:    std::condition_variable + std::unique_lock<std::mutex>.
//
// The book's Condition.py: a producer fills a list of at most 10 items, a consumer empties
// it. The producer waits while the list is full, the consumer while it is empty. The book
// waits with `if len(items) == 0: wait()`; that is a bug: a waiter can wake without a notify
// (a spurious wake-up) or find that another thread got there first, so the condition must be
// checked again after every wake-up. In C++, pass the condition to wait() and it loops for you:
//     not_empty.wait(lock, [&] { return !items.empty(); });
// Notice: every item arrives once and in order; the counts of waits show that each side did
// have to wait for the other. No sleeps anywhere.
#include <boost/thread/condition_variable.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/thread.hpp>
#include <deque>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/trace.hpp"

namespace console = cookbook::console;
namespace trace = cookbook::trace;  // --trace FILE: a timeline (try it with --items 300)

// The bounded buffer of the book's recipe: a deque of at most `capacity` items.
class BoundedBuffer {
  public:
    explicit BoundedBuffer(std::size_t capacity) : capacity_(capacity) {}

    void put(int item) {
        boost::unique_lock<boost::mutex> lock(mutex_);
        if (items_.size() == capacity_) {
            ++producer_waits_;
            const trace::Span waiting("waiting for room", "wait");
            not_full_.wait(lock, [&] { return items_.size() < capacity_; });
        }
        items_.push_back(item);
        trace::counter("items in the buffer", double(items_.size()));
        not_empty_.notify_one();  // the consumer may be waiting for exactly this
    }

    int take() {
        boost::unique_lock<boost::mutex> lock(mutex_);
        if (items_.empty()) {
            ++consumer_waits_;
            const trace::Span waiting("waiting for an item", "wait");
            not_empty_.wait(lock, [&] { return !items_.empty(); });
        }
        const int item = items_.front();
        items_.pop_front();
        not_full_.notify_one();
        return item;
    }

    // Read after both threads have been joined.
    long producer_waits() const { return producer_waits_; }
    long consumer_waits() const { return consumer_waits_; }

  private:
    const std::size_t capacity_;
    boost::mutex mutex_;  // guards everything below
    boost::condition_variable not_full_;
    boost::condition_variable not_empty_;
    std::deque<int> items_;
    long producer_waits_ = 0;
    long consumer_waits_ = 0;
};

int main(int argc, char* argv[]) {
    int items = 100'000;
    int capacity = 10;
    cookbook::cli::Options options("ch02_condition",
                                   "Producer and consumer on a bounded buffer with conditions.");
    options.count("items", items, "items to produce and consume", 1, 100'000'000)
        .count("capacity", capacity, "most items the buffer holds", 1, 1'000'000);
    options.parse(argc, argv);

    BoundedBuffer buffer(static_cast<std::size_t>(capacity));
    long in_order = 0;  // written by the consumer only; read after join()
    boost::thread consumer([&] {
        trace::name_thread("consumer");
        for (int expected = 0; expected < items; ++expected) {
            in_order += buffer.take() == expected ? 1 : 0;
        }
    });
    boost::thread producer([&] {
        trace::name_thread("producer");
        for (int i = 0; i < items; ++i) {
            buffer.put(i);
        }
    });
    producer.join();
    consumer.join();

    console::line("producer waited for room ", buffer.producer_waits(),
                  " times; consumer waited for an item ", buffer.consumer_waits(), " times");
    console::line("items consumed once and in order: ", in_order, " of ", items);
    if (in_order != items) {
        console::error("an item was lost, doubled or reordered");
        return 1;
    }
    return 0;
}
