// Chapter 2's benchmark questions (see cookbook/questions.hpp): starting a thread, a pool's
// tiny tasks, a queue between two threads, a wake-up across threads, a locked counter. Each
// against its CPython twin (bench/python/questions.py) and the raw std/POSIX baseline.
#include "cookbook/questions.hpp"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/interprocess/sync/interprocess_semaphore.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#include <boost/thread/concurrent_queues/sync_bounded_queue.hpp>
#include <boost/thread/condition_variable.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/thread.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

using cookbook::questions::best_seconds;
using cookbook::questions::Better;
using cookbook::questions::Report;

namespace {

constexpr int repeats = 3;
constexpr std::size_t queue_capacity = 1024;

// ---- thread_start_join: one thread started and joined, K times.
double boost_thread_us(long k, std::atomic<long>& ran) {
    return best_seconds(repeats,
                        [&] {
                            for (long i = 0; i < k; ++i) {
                                boost::thread thread(
                                    [&ran] { ran.fetch_add(1, std::memory_order_relaxed); });
                                thread.join();
                            }
                        }) /
           double(k) * 1e6;
}

double pthread_us(long k) {
    return best_seconds(repeats,
                        [&] {
                            for (long i = 0; i < k; ++i) {
                                pthread_t thread;
                                pthread_create(
                                    &thread, nullptr, [](void*) -> void* { return nullptr; },
                                    nullptr);
                                pthread_join(thread, nullptr);
                            }
                        }) /
           double(k) * 1e6;
}

// ---- pool_tiny_task: K tasks that each add their number to a total, on 2 threads.
double pool_us(long k, long& total) {
    return best_seconds(repeats,
                        [&] {
                            std::atomic<long> sum{0};
                            boost::asio::thread_pool pool(2);
                            for (long i = 0; i < k; ++i) {
                                boost::asio::post(pool, [&sum, i] {
                                    sum.fetch_add(i, std::memory_order_relaxed);
                                });
                            }
                            pool.join();
                            total = sum.load();
                        }) /
           double(k) * 1e6;
}

// ---- queue_2_threads: the numbers 0..n-1 from a producer thread to a consumer, who sums them.
template <class Push, class Pop>
double messages_per_second(long n, long& total, Push push, Pop pop) {
    const double seconds = best_seconds(repeats, [&] {
        long sum = 0;
        std::thread consumer([&] {
            for (long i = 0; i < n; ++i) {
                sum += pop();
            }
        });
        for (long i = 0; i < n; ++i) {
            push(i);
        }
        consumer.join();
        total = sum;
    });
    return double(n) / seconds;
}

// The baseline: a bounded deque under one std::mutex and two condition variables.
class StdQueue {
  public:
    void push(long value) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return items_.size() < queue_capacity; });
        items_.push_back(value);
        not_empty_.notify_one();
    }
    long pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty(); });
        const long value = items_.front();
        items_.pop_front();
        not_full_.notify_one();
        return value;
    }

  private:
    std::mutex mutex_;
    std::condition_variable not_empty_, not_full_;
    std::deque<long> items_;
};

// ---- wakeup_round_trip: two threads take turns, n times; each turn wakes the other thread.
template <class Wait, class Wake>
double round_trip_us(long n, Wait wait, Wake wake) {  // wait(side), wake(side): side 0 or 1
    return best_seconds(repeats,
                        [&] {
                            std::thread other([&] {
                                for (long i = 0; i < n; ++i) {
                                    wait(1);
                                    wake(0);
                                }
                            });
                            for (long i = 0; i < n; ++i) {
                                wake(1);
                                wait(0);
                            }
                            other.join();
                        }) /
           double(n) * 1e6;
}

// Python's threading.Event, as chapter 2's event recipe writes it: a flag, a mutex, a condition.
class Event {
  public:
    void set() {
        const boost::lock_guard<boost::mutex> guard(mutex_);
        flag_ = true;
        changed_.notify_all();
    }
    void wait_and_clear() {
        boost::unique_lock<boost::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return flag_; });
        flag_ = false;
    }

  private:
    boost::mutex mutex_;
    boost::condition_variable changed_;
    bool flag_ = false;
};

// The limit: a bare futex per side, which is what the condition variables sleep on.
long futex(std::atomic<int>& word, int op, int value) {
    return ::syscall(SYS_futex, reinterpret_cast<int*>(&word), op | FUTEX_PRIVATE_FLAG, value,
                     nullptr, nullptr, 0);
}

// ---- lock_counter_2_threads: two threads each add 1 to a shared counter k times.
template <class Mutex>
double increment_ns(long k, long& counter) {
    return best_seconds(repeats,
                        [&] {
                            Mutex mutex;
                            counter = 0;
                            auto work = [&] {
                                for (long i = 0; i < k; ++i) {
                                    const std::lock_guard<Mutex> guard(mutex);
                                    ++counter;
                                }
                            };
                            std::thread a(work), b(work);
                            a.join();
                            b.join();
                        }) /
           double(2 * k) * 1e9;
}

}  // namespace

int main(int argc, char* argv[]) {
    Report report(argc, argv, "ch02", COOKBOOK_TWIN);
    report.run_twin();

    const long starts = report.size(200, 2000);
    std::atomic<long> ran{0};
    const double boost_us = boost_thread_us(starts, ran);
    report.add({"thread_start_join", "boost_thread", "us", Better::lower, boost_us,
                pthread_us(starts), std::to_string(ran.load() / repeats)});

    const long tasks = report.size(2000, 100'000);
    long task_total = 0;
    const double pool = pool_us(tasks, task_total);
    report.add({"pool_tiny_task",
                "asio_thread_pool",
                "us/task",
                Better::lower,
                pool,
                {},
                std::to_string(task_total)});

    const long items = report.size(5000, 200'000);
    long sum = 0;
    StdQueue std_queue;
    const double limit = messages_per_second(
        items, sum, [&](long v) { std_queue.push(v); }, [&] { return std_queue.pop(); });
    boost::sync_bounded_queue<long> sync_queue(queue_capacity);
    const double sync = messages_per_second(
        items, sum, [&](long v) { sync_queue.push_back(v); },
        [&] { return sync_queue.pull_front(); });
    report.add({"queue_2_threads", "sync_bounded_queue", "msg/s", Better::higher, sync, limit,
                std::to_string(sum)});
    boost::lockfree::spsc_queue<long, boost::lockfree::capacity<queue_capacity>> spsc;
    const double lockfree = messages_per_second(
        items, sum,
        [&](long v) {
            while (!spsc.push(v)) {
                std::this_thread::yield();  // full: let the consumer run (2 cores, maybe 1)
            }
        },
        [&] {
            long v;
            while (!spsc.pop(v)) {
                std::this_thread::yield();
            }
            return v;
        });
    report.add({"queue_2_threads", "spsc_queue", "msg/s", Better::higher, lockfree, limit,
                std::to_string(sum)});

    const long trips = report.size(500, 20'000);
    const std::string trips_done = std::to_string(trips);
    std::atomic<int> words[2] = {0, 0};
    const double futex_us = round_trip_us(
        trips,
        [&](int side) {
            while (words[side].exchange(0) == 0) {
                futex(words[side], FUTEX_WAIT, 0);
            }
        },
        [&](int side) {
            words[side].store(1);
            futex(words[side], FUTEX_WAKE, 1);
        });
    boost::mutex turn_mutex;
    boost::condition_variable turn_changed;
    int turn = 0;  // whose turn: 0 or 1
    report.add({"wakeup_round_trip", "boost_condition", "us", Better::lower,
                round_trip_us(
                    trips,
                    [&](int side) {
                        boost::unique_lock<boost::mutex> lock(turn_mutex);
                        turn_changed.wait(lock, [&] { return turn == side; });
                    },
                    [&](int side) {
                        const boost::lock_guard<boost::mutex> guard(turn_mutex);
                        turn = side;
                        turn_changed.notify_all();
                    }),
                futex_us, trips_done});
    Event events[2];
    report.add({"wakeup_round_trip", "event", "us", Better::lower,
                round_trip_us(
                    trips, [&](int side) { events[side].wait_and_clear(); },
                    [&](int side) { events[side].set(); }),
                futex_us, trips_done});
    boost::interprocess::interprocess_semaphore semaphores[2] = {{0}, {0}};
    report.add({"wakeup_round_trip", "semaphore", "us", Better::lower,
                round_trip_us(
                    trips, [&](int side) { semaphores[side].wait(); },
                    [&](int side) { semaphores[side].post(); }),
                futex_us, trips_done});

    const long increments = report.size(10'000, 500'000);
    long counter = 0;
    const double std_ns = increment_ns<std::mutex>(increments, counter);
    const double boost_ns = increment_ns<boost::mutex>(increments, counter);
    report.add({"lock_counter_2_threads", "boost_mutex", "ns/increment", Better::lower, boost_ns,
                std_ns, std::to_string(counter)});
    return report.finish();
}
