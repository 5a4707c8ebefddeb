// A barrier between processes: nobody goes on until everybody has arrived.
//
// Python: multiprocessing.Barrier(n).wait() (the book's processes_barrier.py).
// Boost:  boost::barrier exists for threads, but Boost.Interprocess has none (up to 1.81 at
//         least), so class Barrier below builds one in shared memory from an
//         interprocess_mutex, an interprocess_condition, a count and a generation number.
// std:    std::barrier, threads of one process only.
//
// Why a generation number: the last process to arrive resets the count to 0 for the next
// round and wakes everybody. A woken process must not ask "is the count full?" (it has just
// been reset, and a fast process may already be counting for the next round); it asks "has my
// round's generation ended?", which stays true however far the others have run ahead.
// N children run R rounds of uneven work, each ending at the barrier. Before waiting, each
// ticks that round's arrivals in shared memory; after passing, it checks that all N ticked.
// Notice: the work times differ, yet no process passes a round before all have arrived.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_condition.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <random>
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

class Barrier {  // in shared memory; every member guarded by mutex_
  public:
    explicit Barrier(int parties) : parties_(parties) {}

    // Waits until all parties have arrived, at most `timeout`. True for the one that
    // arrived last and opened the barrier.
    bool arrive_and_wait(milliseconds timeout) {
        auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        const unsigned my_generation = generation_;
        if (++arrived_ == parties_) {
            arrived_ = 0;   // ready for the next round...
            ++generation_;  // ...and this round is over, for everyone who waits on it
            all_here_.notify_all();
            return true;
        }
        if (!all_here_.wait_for(lock, timeout, [&] { return generation_ != my_generation; })) {
            throw cookbook::ipc::Timeout("not everybody reached the barrier (did a process die?)");
        }
        return false;
    }
    unsigned generation(milliseconds timeout) {
        const auto lock = cookbook::ipc::lock_within(mutex_, timeout);
        return generation_;
    }

  private:
    bip::interprocess_mutex mutex_;
    bip::interprocess_condition all_here_;
    const int parties_;
    int arrived_ = 0;
    unsigned generation_ = 0;
};

constexpr int max_rounds = 100;

struct Shared {
    explicit Shared(int parties) : barrier(parties) {}
    Barrier barrier;
    std::atomic<int> arrivals[max_rounds]{};  // ticked by each process before it waits
    std::atomic<int> early_passes{0};         // passes that saw fewer than all arrivals
};

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 4, rounds = 3;
    milliseconds work{40}, timeout{5000};
    int child = -1;
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_barrier",
                                   "Processes meet at a barrier built in shared memory.");
    options.count("processes", processes, "child processes", 1, 32)
        .count("rounds", rounds, "times the processes meet", 1, max_rounds)
        .milliseconds("work-ms", work, "longest work before each meeting", milliseconds(0),
                      milliseconds(1000))
        .milliseconds("timeout-ms", timeout, "longest wait at the barrier", milliseconds(1),
                      milliseconds(60'000))
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);

    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            Shared* found = shm.find<Shared>("shared").first;
            if (found == nullptr) {
                throw std::runtime_error("no barrier in " + child_shm);
            }
            Shared& shared = *found;
            std::mt19937 random(static_cast<unsigned>(child));  // uneven work, same every run
            for (int round = 0; round < rounds; ++round) {
                const auto this_work = milliseconds(random() % (work.count() + 1));
                std::this_thread::sleep_for(this_work);  // stands in for work of uneven length
                console::tagged(console::pid_tag(), "runner ", child,
                                " reached the barrier of round ", round, " after ",
                                this_work.count(), " ms");
                shared.arrivals[round].fetch_add(1);
                if (shared.barrier.arrive_and_wait(timeout)) {
                    console::tagged(console::pid_tag(), "runner ", child,
                                    " arrived last and opens the barrier of round ", round);
                }
                if (shared.arrivals[round].load() != processes) {
                    shared.early_passes.fetch_add(1);  // passed while someone was still missing
                }
            }
            return 0;
        }

        const std::string name = cookbook::ipc::unique_name("barrier");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")(processes);
        std::vector<cookbook::Child> children;
        for (int i = 0; i < processes; ++i) {  // our options, the child's part, the segment
            std::vector<std::string> args = options.arguments();
            args.insert(args.end(), {"--child", std::to_string(i), "--shm", name});
            children.push_back(cookbook::Child::self(args));
        }
        const bool children_ok =
            cookbook::wait_all(children, (work + timeout) * rounds + milliseconds(5000));
        const int early = shared.early_passes.load();
        const unsigned generations = shared.barrier.generation(timeout);
        console::line("passes before all had arrived: ", early, " of ", processes * rounds,
                      "; barrier generations: ", generations, " (expected ", rounds, ")");
        if (!children_ok || early != 0 || generations != static_cast<unsigned>(rounds)) {
            console::error("a process passed the barrier too early, or failed");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
