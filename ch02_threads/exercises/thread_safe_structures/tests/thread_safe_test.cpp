// Tests for the thread-safe structures exercise. Built against solution/ and against starter/.
#define BOOST_TEST_MODULE thread_safe_structures
#include "thread_safe.hpp"

#include <boost/test/unit_test.hpp>
#include <exception>
#include <set>
#include <thread>
#include <vector>

using exercise::BoundedQueue;
using exercise::ConcurrentMap;
using exercise::Counter;

namespace {

// Runs body(i) on `threads` threads while `meanwhile()` runs on this one, then joins them.
// An exception must not leave a thread (that ends the program), so each thread's exception
// is caught and the first one is rethrown here, where Boost.Test reports it.
template <class Body, class Meanwhile>
void on_threads(int threads, Body body, Meanwhile meanwhile) {
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
    {
        std::vector<std::jthread> running;
        for (int i = 0; i < threads; ++i) {
            running.emplace_back([&, i] {
                try {
                    body(i);
                } catch (...) {
                    errors[static_cast<std::size_t>(i)] = std::current_exception();
                }
            });
        }
        meanwhile();
    }
    for (const auto& error : errors) {
        if (error) {
            std::rethrow_exception(error);
        }
    }
}

template <class Body>
void on_threads(int threads, Body body) {
    on_threads(threads, body, [] {});
}

}  // namespace

// Every case has a time limit: a queue whose close() wakes nobody would otherwise hang the run.
BOOST_AUTO_TEST_SUITE(thread_safe_structures)

BOOST_AUTO_TEST_CASE(counter_counts_every_increment, *boost::unit_test::timeout(30)) {
    Counter counter;
    on_threads(8, [&](int) {
        for (int i = 0; i < 100'000; ++i) {
            counter.increment();
        }
    });
    counter.add(-800'000);
    counter.add(5);
    BOOST_TEST(counter.value() == 5);
}

BOOST_AUTO_TEST_CASE(queue_is_fifo_and_bounded, *boost::unit_test::timeout(30)) {
    BoundedQueue<int> queue(3);
    BOOST_TEST(queue.try_push(1));
    BOOST_TEST(queue.push(2));
    BOOST_TEST(queue.try_push(3));
    BOOST_TEST(!queue.try_push(4));  // full
    BOOST_TEST(queue.size() == 3u);
    BOOST_TEST(queue.pop().value() == 1);
    BOOST_TEST(queue.try_push(4));
    BOOST_TEST(queue.pop().value() == 2);
    BOOST_TEST(queue.pop().value() == 3);
    BOOST_TEST(queue.pop().value() == 4);
    BOOST_TEST(queue.size() == 0u);
}

BOOST_AUTO_TEST_CASE(queue_close_drains_then_ends, *boost::unit_test::timeout(30)) {
    BoundedQueue<int> queue(10);
    BOOST_TEST(queue.push(7));
    queue.close();
    BOOST_TEST(!queue.push(8));
    BOOST_TEST(!queue.try_push(9));
    BOOST_TEST(queue.pop().value() == 7);  // items already in are still delivered
    BOOST_TEST(!queue.pop().has_value());  // closed and empty: no waiting
}

// A consumer waiting in pop() (or about to) must be released by close().
BOOST_AUTO_TEST_CASE(queue_close_wakes_waiting_consumers, *boost::unit_test::timeout(30)) {
    BoundedQueue<int> queue(1);
    std::vector<int> got_nothing(4, 0);
    // The threads join at the end: this would hang forever if close() did not wake them.
    on_threads(
        4, [&](int i) { got_nothing[i] = queue.pop().has_value() ? 0 : 1; },
        [&] { queue.close(); });
    BOOST_TEST(got_nothing == std::vector<int>(4, 1), boost::test_tools::per_element());
}

// A producer waiting in push() on a full queue must be released by close() too.
BOOST_AUTO_TEST_CASE(queue_close_wakes_waiting_producers, *boost::unit_test::timeout(30)) {
    BoundedQueue<int> queue(1);
    BOOST_TEST(queue.push(1));
    bool pushed = true;
    on_threads(
        1, [&](int) { pushed = queue.push(2); }, [&] { queue.close(); });
    BOOST_TEST(!pushed);
}

BOOST_AUTO_TEST_CASE(queue_delivers_every_item_once_to_many_consumers,
                     *boost::unit_test::timeout(30)) {
    BoundedQueue<int> queue(16);
    constexpr int producers = 3;
    constexpr int per_producer = 20'000;
    std::vector<std::vector<int>> received(3);
    on_threads(
        3,
        [&](int c) {
            while (auto item = queue.pop()) {
                received[c].push_back(*item);
            }
        },
        [&] {
            on_threads(producers, [&](int p) {
                for (int i = 0; i < per_producer; ++i) {
                    queue.push(p * per_producer + i);
                }
            });
            queue.close();  // after every producer has finished
        });
    std::multiset<int> all;
    for (const auto& mine : received) {
        all.insert(mine.begin(), mine.end());
    }
    BOOST_TEST(all.size() == static_cast<std::size_t>(producers * per_producer));
    BOOST_TEST(std::set<int>(all.begin(), all.end()).size() == all.size());  // no duplicates
}

BOOST_AUTO_TEST_CASE(map_updates_of_one_key_never_overlap, *boost::unit_test::timeout(30)) {
    ConcurrentMap<int, long> map;
    on_threads(8, [&](int) {
        for (int round = 0; round < 2'000; ++round) {
            for (int key = 0; key < 10; ++key) {
                map.update(key, [](long& value) { value += 1; });
            }
        }
    });
    BOOST_TEST(map.size() == 10u);
    for (int key = 0; key < 10; ++key) {
        BOOST_TEST(map.get(key).value() == 16'000);
    }
    BOOST_TEST(!map.get(99).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
