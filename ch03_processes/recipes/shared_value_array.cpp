// Sharing data between processes: a Value and an Array in shared memory.
//
// Python: multiprocessing.Value('i', 0) with `with value.get_lock(): value.value += 1`, and
//         multiprocessing.Array('i', range(10)).
// Boost:  managed_shared_memory, a named segment that every process maps; construct<T>("name")
//         places objects in it and find<T>("name") finds them from another process. A
//         bip::interprocess_mutex (a process-shared pthread mutex) guards the value.
// std:    no shared memory; but a lock-free std::atomic "should" be address-free (the standard's
//         word) and is, in practice, on every platform this builds on: it works in shared
//         memory across processes too.
//
// Processes do not share memory unless they ask for it: only what is in the segment is shared.
// Each child adds 1 to two counters many times -- one under the mutex, one atomic -- and
// negates its own slots of the array (slots nobody else touches need no lock).
// Notice: both counters end exact; every slot is negated once.
#include <atomic>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>
#include <string>
#include <thread>
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

struct Value {
    std::atomic<int> started{0};    // a start line, so that the children really overlap
    bip::interprocess_mutex mutex;  // Python's value.get_lock()
    long guarded = 0;               // read and written only while `mutex` is held
    std::atomic<long> atomic{0};    // needs no lock
};
static_assert(std::atomic<long>::is_always_lock_free,
              "a lock-based atomic would not work across processes");

int run_child(int index, int children, const std::string& segment_name, long increments) {
    bip::managed_shared_memory segment(bip::open_only, segment_name.c_str());
    Value* value = segment.find<Value>("value").first;
    const auto [array, size] = segment.find<long>("array");
    if (value == nullptr || array == nullptr) {
        console::error("child ", index, ": the shared objects are missing");
        return 1;
    }
    ipc::start_line(value->started, children);  // throws ipc::Timeout if one never comes
    for (long i = 0; i < increments; ++i) {
        // Bounded: if a holder died, this robust mutex throws lock_exception on Linux, but
        // elsewhere it may stay locked for ever (ch05's README: "When the holder of a lock dies").
        const auto lock = ipc::lock_within(value->mutex, 2s);
        ++value->guarded;
    }
    for (long i = 0; i < increments; ++i) {
        value->atomic.fetch_add(1, std::memory_order_relaxed);  // only the count matters
    }
    for (std::size_t slot = static_cast<std::size_t>(index); slot < size; slot += children) {
        array[slot] = -array[slot];  // this child's slots: index, index + children, ...
    }
    console::tagged(console::pid_tag(), "child ", index, ": ", increments,
                    " increments of each counter done, slots negated");
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 4;
    long increments = 100'000;
    int slots = 10;
    int child = -1;
    std::string segment_name;
    cookbook::cli::Options options(
        "ch03_shared_value_array",
        "A Value and an Array in shared memory, updated by child processes.");
    options.count("processes", processes, "child processes", 1, 64)
        .count("increments", increments, "increments of each counter per child", 1, 10'000'000)
        .count("slots", slots, "length of the shared array", 1, 100'000)
        .internal("child", child)
        .internal("segment", segment_name);
    options.parse(argc, argv);
    if (child >= 0) {
        try {
            return run_child(child, processes, segment_name, increments);
        } catch (const std::exception& e) {
            console::error("child ", child, ": ", e.what());
            return 1;
        }
    }

    // The parent creates the segment and removes it on every way out (even SIGINT/SIGTERM).
    const std::string name = ipc::unique_name("value_array");
    const ipc::remove_guard<bip::shared_memory_object> remove_segment(name);
    bip::managed_shared_memory segment(bip::create_only, name.c_str(),
                                       64 * 1024 + static_cast<std::size_t>(slots) * sizeof(long));
    Value* value = segment.construct<Value>("value")();
    long* array = segment.construct<long>("array")[static_cast<std::size_t>(slots)](0);
    for (int i = 0; i < slots; ++i) {
        array[i] = i;  // Array('i', range(slots))
    }

    std::vector<cookbook::Child> children;
    for (int i = 0; i < processes; ++i) {  // our options, plus the child's part
        children.push_back(cookbook::Child::self(options.arguments(
            {"--child", std::to_string(i), "--segment", name})));  // our options, its part
    }
    int ok = 0;
    for (auto& process : children) {
        ok += process.wait(30s).ok() ? 1 : 0;
    }

    int negated = 0;
    std::string shown;
    for (int i = 0; i < slots; ++i) {
        negated += array[i] == -i ? 1 : 0;
        if (i < 10) {
            shown += std::to_string(array[i]) + (i + 1 < std::min(slots, 10) ? ", " : "");
        }
    }
    const long expected = processes * increments;
    const long atomic = value->atomic.load();
    console::line("array: [", shown, slots > 10 ? ", ...]" : "]");
    console::line("children that finished: ", ok, " of ", processes);
    console::line("final value: ", value->guarded, " (expected ", expected, "); atomic: ", atomic,
                  "; array slots negated: ", negated, " of ", slots);
    if (ok != processes || value->guarded != expected || atomic != expected || negated != slots) {
        console::error("the shared data is not what the children wrote");
        return 1;
    }
    return 0;
}
