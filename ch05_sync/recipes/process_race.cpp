// Why processes need a lock: updates to shared memory that are lost without one.
//
// Python: the book's reason for multiprocessing.Lock: several Processes that do
//         `value.value += 1` on a multiprocessing.Value without `with value.get_lock():` end
//         with less than they added.
// Boost:  a counter in managed_shared_memory, updated by N processes; then the same under an
//         interprocess_mutex in the segment. std: nothing between processes.
//
// `counter += 1` is three steps: read, add, write back. Two processes that read the same value
// both write back value + 1, and one of the two updates is lost. This recipe keeps that bug
// defined behaviour (a real data race would be undefined in C++): the counter is a
// std::atomic, read and written with separate relaxed load() and store() -- each step is whole,
// the three together are not, exactly like Python's `+=` on a Value. Part 2 takes the mutex
// around the three steps. A start line makes the children really overlap.
// Notice: part 1 loses updates (how many changes from run to run); part 2 never does.
#include <atomic>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
namespace ipc = cookbook::ipc;
using namespace std::chrono_literals;

namespace {

struct Shared {
    std::atomic<int> at_line_1{0}, at_line_2{0};  // the start lines of the two parts
    std::atomic<long> unlocked{0};                // part 1: read and written in separate steps
    bip::interprocess_mutex mutex;                // part 2: taken around the three steps
    long locked = 0;                              // read and written only under `mutex`
};
static_assert(std::atomic<long>::is_always_lock_free, "it must work across processes");

void add(Shared& shared, int processes, long increments) {
    ipc::start_line(shared.at_line_1, processes);
    for (long i = 0; i < increments; ++i) {
        const long seen = shared.unlocked.load(std::memory_order_relaxed);  // read,
        shared.unlocked.store(seen + 1, std::memory_order_relaxed);  // add and write: not as one
    }
    ipc::start_line(shared.at_line_2, processes);
    for (long i = 0; i < increments; ++i) {
        const auto lock = ipc::lock_within(shared.mutex, 2s);  // bounded: see process_lock
        shared.locked = shared.locked + 1;
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 4, child = -1;
    long increments = 1'000'000;
    std::string shm_name;
    cookbook::cli::Options options(
        "ch05_process_race", "Processes that add to shared memory without a lock, then with.");
    options.count("processes", processes, "child processes", 1, 32)
        .count("increments", increments, "additions per process and part", 1, 10'000'000)
        .internal("child", child)
        .internal("shm", shm_name);
    options.parse(argc, argv);
    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, shm_name.c_str());
            add(ipc::find_in<Shared>(shm, "shared"), processes, increments);
            return 0;
        }
        const std::string name = ipc::unique_name("race");
        ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        std::vector<cookbook::Child> children;
        for (int i = 0; i < processes; ++i) {  // our options, the child's number, the segment
            children.push_back(cookbook::Child::self(
                options.arguments({"--child", std::to_string(i), "--shm", name})));
        }
        const bool children_ok = cookbook::wait_all(children, 60s);
        const long expected = processes * increments;  // the children have been waited for:
        const long unlocked = shared.unlocked.load(), locked = shared.locked;  // all written
        console::line("part 1, no lock: ", unlocked, " (expected ", expected,
                      "): ", expected - unlocked, " updates lost");
        console::line("part 2, interprocess_mutex: ", locked, " (expected ", expected, ")");
        if (!children_ok || locked != expected || unlocked > expected) {
            console::error("a child failed, or the locked counter is wrong");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
