// A condition between processes: a bounded buffer in shared memory.
//
// Python: multiprocessing.Condition: with cond: cond.wait_for(pred) / cond.notify().
// Boost:  interprocess_condition + interprocess_mutex, placed in managed_shared_memory next to
//         the buffer they guard.   std: std::condition_variable, threads of one process only.
//
// P producer processes put numbered items into a ring buffer of a few slots; C consumer
// processes take them out. A producer waits while the buffer is full, a consumer while it is
// empty, each on its own condition. Consumers stop when the buffer is empty and every
// producer has said it is done -- no poison pills to count. Each consumed item is ticked in a
// table in shared memory, so "every item exactly once" is checked, not hoped for.
// The book's Condition.py waits with `if`; a waiter must re-check after waking (another may
// have taken the item first), so the wait here takes the condition as a predicate: a `while`.
// Notice: every item is consumed exactly once, and the buffer never holds more than its size.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_condition.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

constexpr int max_capacity = 64;

class Buffer {  // in shared memory; every member guarded by mutex_
  public:
    Buffer(int capacity, int producers) : capacity_(capacity), producers_(producers) {}

    void put(long item, milliseconds timeout) {
        auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        if (!not_full_.wait_for(lock, timeout, [this] { return count_ < capacity_; })) {
            throw cookbook::ipc::Timeout("buffer full for too long (did every consumer die?)");
        }
        slots_[(head_ + count_) % capacity_] = item;
        most_held_ = std::max(most_held_, ++count_);
        not_empty_.notify_one();
    }
    // False when the buffer is empty and stays so: every producer is done.
    bool take(long& item, milliseconds timeout) {
        auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        if (!not_empty_.wait_for(lock, timeout,
                                 [this] { return count_ > 0 || done_ == producers_; })) {
            throw cookbook::ipc::Timeout("buffer empty for too long (did a producer die?)");
        }
        if (count_ == 0) {
            return false;
        }
        item = slots_[head_];
        head_ = (head_ + 1) % capacity_;
        --count_;
        not_full_.notify_one();
        return true;
    }
    void producer_done(milliseconds timeout) {
        const auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        ++done_;
        not_empty_.notify_all();  // consumers waiting on an empty buffer may now stop
    }
    int most_held(milliseconds timeout) {
        const auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        return most_held_;
    }

  private:
    bip::interprocess_mutex mutex_;
    bip::interprocess_condition not_full_, not_empty_;
    long slots_[max_capacity]{};
    int capacity_, producers_;
    int head_ = 0, count_ = 0, done_ = 0, most_held_ = 0;
};

}  // namespace

int main(int argc, char* argv[]) {
    int producers = 2, consumers = 2, capacity = 4;
    long items = 2000;
    milliseconds timeout{5000};
    int child = -1;
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_condition",
                                   "Producer and consumer processes share a bounded buffer.");
    options.count("producers", producers, "producer processes", 1, 16)
        .count("consumers", consumers, "consumer processes", 1, 16)
        .count("items", items, "items per producer", 1, 1'000'000)
        .count("capacity", capacity, "slots in the buffer", 1, max_capacity)
        .milliseconds("timeout-ms", timeout, "longest wait on the buffer", milliseconds(1),
                      milliseconds(60'000))
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);
    const long total = producers * items;

    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            Buffer* buffer = shm.find<Buffer>("buffer").first;
            std::atomic<int>* consumed = shm.find<std::atomic<int>>("consumed").first;
            std::atomic<int>* ready = shm.find<std::atomic<int>>("ready").first;
            if (buffer == nullptr || consumed == nullptr || ready == nullptr) {
                throw std::runtime_error("no shared buffer in " + child_shm);
            }
            cookbook::ipc::start_line(*ready, producers + consumers);
            long count = 0;
            if (child < producers) {  // producer `child` puts items child*items ... +items-1
                for (long i = 0; i < items; ++i, ++count) {
                    buffer->put(child * items + i, timeout);
                }
                buffer->producer_done(timeout);
            } else {
                for (long item = 0; buffer->take(item, timeout); ++count) {
                    consumed[item].fetch_add(1);
                }
            }
            console::tagged(console::pid_tag(), child < producers ? "producer" : "consumer", " ",
                            child, child < producers ? " put " : " took ", count, " items");
            return 0;
        }

        const std::string name = cookbook::ipc::unique_name("condition");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(),
                                       64 * 1024 + total * sizeof(std::atomic<int>));
        Buffer& buffer = *shm.construct<Buffer>("buffer")(capacity, producers);
        std::atomic<int>* consumed = shm.construct<std::atomic<int>>("consumed")[total](0);
        shm.construct<std::atomic<int>>("ready")(0);
        std::vector<cookbook::Child> children;
        for (int i = 0; i < producers + consumers; ++i) {  // our options, its part, the segment
            std::vector<std::string> args = options.arguments();
            args.insert(args.end(), {"--child", std::to_string(i), "--shm", name});
            children.push_back(cookbook::Child::self(args));
        }
        const bool children_ok = cookbook::wait_all(children, timeout * 2 + milliseconds(10'000));

        long exactly_once = 0;
        for (long i = 0; i < total; ++i) {
            exactly_once += consumed[i].load() == 1 ? 1 : 0;
        }
        const int most = buffer.most_held(timeout);
        console::line("most items in the buffer at once: ", most, " (capacity ", capacity, ")");
        console::line("items consumed exactly once: ", exactly_once, " of ", total,
                      " (buffer within its capacity: ", most <= capacity ? "yes" : "NO", ")");
        if (!children_ok || exactly_once != total || most > capacity) {
            console::error("an item was lost or taken twice, or a process failed");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
