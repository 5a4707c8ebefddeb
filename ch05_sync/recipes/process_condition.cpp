// A condition between processes: a bounded buffer in shared memory.
//
// Python: multiprocessing.Condition: with cond: cond.wait_for(pred) / cond.notify().
// Boost:  interprocess_condition + interprocess_mutex -- but when a process dies holding the
//         mutex, Boost's condition fails its waiters (see the README); common's RobustMutex
//         and RobustCondition take the same calls and tell them (ipc::PeerDied). std: none.
//
// P producer processes put numbered items into a ring buffer; C consumers take them out, each
// side waiting on its own condition with a predicate (the book's Condition.py waits with `if`:
// another may have taken the item first). Each item is ticked in shared memory when consumed.
// --crash: producer 0 is killed inside put(), holding the lock; the others hear so. Notice:
// every item is consumed exactly once, and the buffer never holds more than its size.
#include <algorithm>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <csignal>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/robust_sync.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
namespace ipc = cookbook::ipc;
using std::chrono::milliseconds;

namespace {
constexpr int max_capacity = 64;

class Buffer {  // in shared memory; every member guarded by mutex_
  public:
    Buffer(int capacity, int producers) : capacity_(capacity), producers_(producers) {}
    void put(long item, milliseconds timeout, bool die_inside = false) {
        auto lock = ipc::lock_within(mutex_, timeout);
        if (!not_full_.wait_for(lock, timeout, [this] { return count_ < capacity_; })) {
            throw ipc::Timeout("buffer full for too long (did every consumer die?)");
        }
        if (die_inside) {
            ::raise(SIGKILL);  // --crash: dies here, holding the lock
        }
        slots_[(head_ + count_) % capacity_] = item;
        most_held_ = std::max(most_held_, ++count_);
        not_empty_.notify_one();
    }
    bool take(long& item, milliseconds timeout) {  // false: empty, and every producer done
        auto lock = ipc::lock_within(mutex_, timeout);
        if (!not_empty_.wait_for(lock, timeout,
                                 [this] { return count_ > 0 || done_ == producers_; })) {
            throw ipc::Timeout("buffer empty for too long (did a producer die?)");
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
        const auto lock = ipc::lock_within(mutex_, timeout);
        ++done_;
        not_empty_.notify_all();  // consumers waiting on an empty buffer may now stop
    }
    int most_held(milliseconds timeout) {
        const auto lock = ipc::lock_within(mutex_, timeout);
        return most_held_;
    }

  private:
    ipc::RobustMutex mutex_;
    ipc::RobustCondition not_full_, not_empty_;
    long slots_[max_capacity]{};
    int capacity_, producers_;
    int head_ = 0, count_ = 0, done_ = 0, most_held_ = 0;
};

}  // namespace

int main(int argc, char* argv[]) {
    int producers = 2, consumers = 2, capacity = 4, child = -1;
    long items = 2000;
    milliseconds timeout{5000};
    bool crash = false;
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_condition",
                                   "Producer and consumer processes share a bounded buffer.");
    options.count("producers", producers, "producer processes", 1, 16)
        .count("consumers", consumers, "consumer processes", 1, 16)
        .count("items", items, "items per producer", 1, 1'000'000)
        .count("capacity", capacity, "slots in the buffer", 1, max_capacity)
        .milliseconds("timeout-ms", timeout, "longest wait on the buffer", milliseconds(1),
                      milliseconds(60'000))
        .flag("crash", crash, "producer 0 is killed inside put(), holding the lock")
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);
    const long total = producers * items;
    try {
        if (child >= 0) {  // PeerDied, if a process died holding the lock, goes to the catch
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            auto& buffer = ipc::find_in<Buffer>(shm, "buffer");
            auto* consumed = &ipc::find_in<std::atomic<int>>(shm, "consumed");
            long count = 0;
            if (child < producers) {  // producer `child` puts items child*items ... +items-1
                for (long i = 0; i < items; ++i, ++count) {
                    buffer.put(child * items + i, timeout, crash && child == 0 && i == items / 2);
                }
                buffer.producer_done(timeout);
            } else {
                for (long item = 0; buffer.take(item, timeout); ++count) {
                    consumed[item].fetch_add(1);
                }
            }
            console::tagged(console::pid_tag(), child < producers ? "producer" : "consumer", " ",
                            child, child < producers ? " put " : " took ", count, " items");
            return 0;
        }
        const std::string name = ipc::unique_name("condition");
        ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(),
                                       64 * 1024 + total * sizeof(std::atomic<int>));
        Buffer& buffer = *shm.construct<Buffer>("buffer")(capacity, producers);
        std::atomic<int>* consumed = shm.construct<std::atomic<int>>("consumed")[total](0);
        std::vector<cookbook::Child> children;
        for (int i = 0; i < producers + consumers; ++i) {  // our options, its part, the segment
            children.push_back(cookbook::Child::self(
                options.arguments({"--child", std::to_string(i), "--shm", name})));
        }
        const bool children_ok = cookbook::wait_all(children, timeout * 2 + milliseconds(10'000));
        if (crash) {  // the parent hears of it from the exit statuses: the buffer is not read
            console::error("the buffer is lost: producer 0 died inside put(), holding its lock");
            return 1;
        }
        const long exactly_once =
            std::count_if(consumed, consumed + total, [](auto& count) { return count == 1; });
        const int most = buffer.most_held(timeout);
        console::line("items consumed exactly once: ", exactly_once, " of ", total,
                      "; most items in the buffer at once: ", most, " (capacity ", capacity, ")");
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
