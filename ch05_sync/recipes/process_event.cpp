// An event between processes: waiters block until another process sets a flag.
//
// Python: multiprocessing.Event: set(), clear(), is_set(), wait(timeout).
// Boost:  nothing ready-made: class Event is a bool, the mutex that guards it and a condition
//         to sleep on, in shared memory -- common's RobustMutex and RobustCondition, because
//         Boost's interprocess_condition fails its waiters if a process dies inside set()
//         (see the README). std: nothing between processes; for threads, std::latch.
//
// N children wait; the parent writes data into shared memory, then sets the event. A late
// waiter, started after set(), passes at once: the flag stays set (a notify alone would be
// lost on it). --crash: a setter is killed inside set(), holding the lock; each waiter hears
// so by its deadline. Notice: no waiter passes before set(); each sees the data written before.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <csignal>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/robust_sync.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

class Event {  // lives in shared memory: every member is usable from any process that maps it
  public:
    void set(milliseconds timeout, bool die_inside = false) {
        const auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        if (die_inside) {
            ::raise(SIGKILL);  // --crash: dies here, holding the lock
        }
        set_ = true;
        condition_.notify_all();  // wakes every waiter; each one then checks set_ itself
    }
    bool wait(milliseconds timeout) {  // false if not set within `timeout`
        auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        return condition_.wait_for(lock, timeout, [this] { return set_; });
    }

  private:
    cookbook::ipc::RobustMutex mutex_;
    cookbook::ipc::RobustCondition condition_;
    bool set_ = false;  // guarded by mutex_
};

constexpr int max_waiters = 16, dying_setter = max_waiters + 1;  // --child of the one that dies
struct Shared {
    Event go;
    std::atomic<int> ready{0};
    long data = 0;  // written before go.set(), read after go.wait()
    // steady_clock is CLOCK_MONOTONIC, one clock for all processes: times from several compare
    std::chrono::steady_clock::time_point set_at{}, passed_at[max_waiters + 1]{};  // late: last
    bool saw_data[max_waiters + 1]{};
};
constexpr long the_data = 4242;

// A child: waiter number `index` (number `waiters` is the late one), or the dying setter.
int run_child(Shared& shared, int index, int waiters, milliseconds timeout) {
    if (index == dying_setter) {
        shared.go.set(timeout, true);  // never returns
    }
    const bool late = index == waiters;  // started after set(): no start line for it
    if (!late) {
        cookbook::ipc::start_line(shared.ready, waiters + 1);  // the parent counts too
    }
    const char* who = late ? "late waiter " : "waiter ";
    console::tagged(console::pid_tag(), who, index, " waits for the event");
    const cookbook::Stopwatch waiting;
    if (!shared.go.wait(timeout)) {  // throws PeerDied if the setter died: main() reports it
        throw cookbook::ipc::Timeout("the event was not set within the timeout");
    }
    shared.passed_at[index] = std::chrono::steady_clock::now();
    shared.saw_data[index] = shared.data == the_data;
    console::tagged(console::pid_tag(), who, index, " passed after ",
                    console::fixed(waiting.milliseconds(), 1), " ms, data ", shared.data);
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    int waiters = 3, child = -1;
    milliseconds timeout{5000};
    bool crash = false;
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_event",
                                   "Processes wait for an event that another process sets.");
    options.count("waiters", waiters, "child processes that wait", 1, max_waiters)
        .milliseconds("timeout-ms", timeout, "longest wait for the event", milliseconds(1),
                      milliseconds(60'000))
        .flag("crash", crash, "a setter process is killed inside set(), holding the lock")
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);
    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            return run_child(cookbook::ipc::find_in<Shared>(shm, "shared"), child, waiters,
                             timeout);
        }
        const std::string name = cookbook::ipc::unique_name("event");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        auto start = [&](int index) {  // our options, then the child's part and the segment
            return cookbook::Child::self(
                options.arguments({"--child", std::to_string(index), "--shm", name}));
        };
        std::vector<cookbook::Child> children;
        for (int i = 0; i < waiters; ++i) {
            children.push_back(start(i));
        }
        cookbook::ipc::start_line(shared.ready, waiters + 1);  // every waiter is running
        if (crash) {  // the parent hears of the death out of band: the setter's exit status
            console::line("the setter inside set(): ",
                          start(dying_setter).wait(timeout).describe());
            cookbook::wait_all(children, timeout + milliseconds(5000));  // reports each waiter
            console::error("the event is lost: a process died inside set(), holding its lock");
            return 1;
        }
        std::this_thread::sleep_for(milliseconds(100));  // stands in for the work on the data
        shared.data = the_data;
        shared.set_at = std::chrono::steady_clock::now();
        console::tagged(console::pid_tag(), "parent sets the event");
        shared.go.set(timeout);
        children.push_back(start(waiters));  // the late waiter
        const bool children_ok = cookbook::wait_all(children, timeout + milliseconds(5000));
        int early = 0, saw = 0;  // over all waiters, the late one included
        for (int i = 0; i <= waiters; ++i) {
            early += shared.passed_at[i] < shared.set_at ? 1 : 0;  // never passed: early too
            saw += shared.saw_data[i] ? 1 : 0;
        }
        console::line("waiters that passed before set(): ", early, " of ", waiters + 1,
                      "; saw the data: ", saw, " of ", waiters + 1, " (the late one included)");
        if (!children_ok || early != 0 || saw != waiters + 1) {
            console::error("a waiter passed before the event was set, or failed");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
