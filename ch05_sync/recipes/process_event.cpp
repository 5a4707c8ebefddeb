// An event between processes: waiters block until another process sets a flag.
//
// Python: multiprocessing.Event: set(), clear(), is_set(), wait(timeout).
// Boost:  nothing ready-made, neither between processes nor in Boost.Thread.
//         An event is a bool, the interprocess_mutex that guards it and an
//         interprocess_condition to sleep on, all three in shared memory: class Event below.
// std:    nothing between processes; for threads, std::latch or a shared_future<void>.
//
// N children wait for the event; the parent writes data into shared memory, then sets the
// event. Each waiter writes down when it passed (steady_clock is CLOCK_MONOTONIC, one clock
// for the whole machine, so times taken by different processes compare) and reads the data.
// Then the parent starts one more waiter, after set(): a late one.
// The book's Event.py calls set() and clear() back to back, so a consumer that is not already
// waiting misses the item, and its endless loop never ends. Here the flag stays set, so the
// late waiter passes at once (a notify alone would be lost on it: nobody was waiting then),
// and every wait has a deadline.
// Notice: no waiter passes before set(), each one sees the data written before it, and the
// late one does not wait.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_condition.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <cstdint>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

class Event {  // lives in shared memory: every member is usable from any process that maps it
  public:
    void set(milliseconds timeout) {
        const auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        set_ = true;
        condition_.notify_all();  // wakes every waiter; each one then checks set_ itself
    }
    // True once the event is set; false if it was not set within `timeout`.
    bool wait(milliseconds timeout) {
        auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        return condition_.wait_for(lock, timeout, [this] { return set_; });
    }

  private:
    bip::interprocess_mutex mutex_;
    bip::interprocess_condition condition_;
    bool set_ = false;  // guarded by mutex_
};

constexpr int max_waiters = 16;

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Shared {
    Event go;
    std::atomic<int> ready{0};
    long data = 0;                              // written before go.set(), read after go.wait()
    std::int64_t set_at = 0;                    // when the parent called set()
    std::int64_t passed_at[max_waiters + 1]{};  // when each waiter passed (by that waiter);
    bool saw_data[max_waiters + 1]{};           // the last one is the late waiter's
};

constexpr long the_data = 4242;

}  // namespace

int main(int argc, char* argv[]) {
    int waiters = 3;
    milliseconds delay{100}, timeout{5000};
    int child = -1;
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_event",
                                   "Processes wait for an event that another process sets.");
    options.count("waiters", waiters, "child processes that wait", 1, max_waiters)
        .milliseconds("delay-ms", delay, "how long the parent works before set()", milliseconds(0),
                      milliseconds(1000))
        .milliseconds("timeout-ms", timeout, "longest wait for the event", milliseconds(1),
                      milliseconds(60'000))
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);

    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            Shared* shared = shm.find<Shared>("shared").first;
            if (shared == nullptr || child > waiters) {
                throw std::runtime_error("no event in " + child_shm + ", or a bad --child");
            }
            const bool late = child == waiters;  // started after set(): no start line for it
            if (!late) {
                cookbook::ipc::start_line(shared->ready, waiters + 1);  // the parent counts too
            }
            console::tagged(console::pid_tag(), late ? "late waiter " : "waiter ", child,
                            " waits for the event");
            const cookbook::Stopwatch waiting;
            if (!shared->go.wait(timeout)) {
                throw cookbook::ipc::Timeout("the event was not set within the timeout");
            }
            shared->passed_at[child] = now_ns();
            shared->saw_data[child] = shared->data == the_data;
            console::tagged(console::pid_tag(), late ? "late waiter " : "waiter ", child,
                            " passed after ", console::fixed(waiting.milliseconds(), 1),
                            " ms, data ", shared->data);
            return 0;
        }

        const std::string name = cookbook::ipc::unique_name("event");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        auto start_waiter = [&](int index) {  // our options, the child's part, the segment
            std::vector<std::string> args = options.arguments();
            args.insert(args.end(), {"--child", std::to_string(index), "--shm", name});
            return cookbook::Child::self(args);
        };
        std::vector<cookbook::Child> children;
        for (int i = 0; i < waiters; ++i) {
            children.push_back(start_waiter(i));
        }
        cookbook::ipc::start_line(shared.ready, waiters + 1);  // every waiter is running
        std::this_thread::sleep_for(delay);  // stands in for the work that produces the data
        shared.data = the_data;
        shared.set_at = now_ns();
        console::tagged(console::pid_tag(), "parent sets the event");
        shared.go.set(timeout);
        children.push_back(start_waiter(waiters));  // the late waiter
        const bool children_ok = cookbook::wait_all(children, timeout + milliseconds(5000));

        int early = 0, saw = 0;
        for (int i = 0; i < waiters; ++i) {
            early += shared.passed_at[i] < shared.set_at ? 1 : 0;  // 0 = never passed: early too
            saw += shared.saw_data[i] ? 1 : 0;
        }
        const bool late_passed =
            shared.passed_at[waiters] > shared.set_at && shared.saw_data[waiters];
        console::line("waiters that passed before set(): ", early, " of ", waiters,
                      "; saw the data: ", saw, " of ", waiters,
                      "; the late waiter passed: ", late_passed ? "yes" : "NO");
        if (!children_ok || early != 0 || saw != waiters || !late_passed) {
            console::error("a waiter passed before the event was set, or failed");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
