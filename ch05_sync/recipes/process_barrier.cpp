// A barrier between processes: nobody goes on until everybody has arrived.
//
// Python: multiprocessing.Barrier(n).wait() (the book's processes_barrier.py).
// Boost:  boost::barrier and std::barrier are for threads, Boost.Interprocess has none: class
//         Barrier is one in shared memory, on common's RobustMutex and RobustCondition.
// A woken process asks "has my round's generation ended?", never "is the count full?": the
// last to arrive has reset it. N children run R rounds of uneven work, each ending at the
// barrier; --no-barrier: the book's contrast, without it. --crash: runner 0, last to arrive,
// is killed inside the barrier holding its lock while the others sleep in it.
// Notice: with the barrier, no process passes a round before all have arrived; without, many.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <csignal>
#include <random>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/robust_sync.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
namespace ipc = cookbook::ipc;
using std::chrono::milliseconds;
using namespace std::chrono_literals;
namespace {
class Barrier {  // in shared memory; every member guarded by mutex_
  public:
    explicit Barrier(int parties) : parties_(parties) {}
    // Waits until all have arrived, at most `timeout`; true for the last, who opens it.
    bool arrive_and_wait(milliseconds timeout, bool die_inside = false) {
        auto lock = ipc::lock_within(mutex_, timeout);
        const auto give_up = std::chrono::steady_clock::now() + timeout;  // (if one never comes)
        while (die_inside) {  // --crash: once the others sleep here, die holding the lock
            if (arrived_ == parties_ - 1 || std::chrono::steady_clock::now() > give_up) {
                ::raise(SIGKILL);
            }
            lock.unlock();  // (they need it to get in)
            std::this_thread::yield();
            lock = ipc::lock_within(mutex_, timeout);
        }
        const int my_generation = generation_;
        if (++arrived_ == parties_) {
            arrived_ = 0;   // ready for the next round...
            ++generation_;  // ...and this round is over, for everyone who waits on it
            all_here_.notify_all();
            return true;
        }
        if (!all_here_.wait_for(lock, timeout, [&] { return generation_ != my_generation; })) {
            throw ipc::Timeout("not everybody reached the barrier (did a process die?)");
        }
        return false;
    }

  private:
    ipc::RobustMutex mutex_;
    ipc::RobustCondition all_here_;
    const int parties_;
    int arrived_ = 0, generation_ = 0;
};
constexpr int max_rounds = 100;
struct Shared {
    explicit Shared(int parties) : barrier(parties) {}
    Barrier barrier;
    std::atomic<int> arrivals[max_rounds]{};  // ticked by each process before it waits
    std::atomic<int> early_passes{0};         // passes that saw fewer than all arrivals
    std::atomic<int> openings{0};             // rounds the barrier was opened
};
struct Settings {
    int processes = 4, rounds = 3;
    milliseconds work{40}, timeout{5000};
    bool no_barrier = false, crash = false;
};

// Runner `index`: R rounds of uneven work, each ending at the barrier (or not, --no-barrier).
void run(Shared& shared, int index, const Settings& settings) {
    std::mt19937 random(static_cast<unsigned>(index));  // uneven work, the same every run
    for (int round = 0; round < settings.rounds; ++round) {
        const auto this_work = milliseconds(random() % (settings.work.count() + 1));
        std::this_thread::sleep_for(this_work);  // stands in for work of uneven length
        console::tagged(console::pid_tag(), "runner ", index, " reached the barrier of round ",
                        round, " after ", this_work.count(), " ms");
        shared.arrivals[round].fetch_add(1);
        const bool die = settings.crash && index == 0 && round == 1;  // --crash
        if (!settings.no_barrier && shared.barrier.arrive_and_wait(settings.timeout, die)) {
            console::tagged(console::pid_tag(), "runner ", index,
                            " arrived last and opens the barrier of round ", round);
            shared.openings.fetch_add(1);
        }
        if (shared.arrivals[round].load() != settings.processes) {
            shared.early_passes.fetch_add(1);  // passed while someone was still missing
        }
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    Settings settings;
    int child = -1;  // in a child: its number, and the segment's name
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_barrier",
                                   "Processes meet at a barrier built in shared memory.");
    options.count("processes", settings.processes, "child processes", 1, 32)
        .count("rounds", settings.rounds, "times the processes meet", 2, max_rounds)
        .milliseconds("work-ms", settings.work, "longest work before each meeting", 0ms, 1000ms)
        .milliseconds("timeout-ms", settings.timeout, "longest wait at the barrier", 1ms, 60s)
        .flag("no-barrier", settings.no_barrier, "the same runners, without the barrier")
        .flag("crash", settings.crash, "runner 0 is killed inside the barrier, holding its lock")
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);
    try {
        if (child >= 0) {  // PeerDied, if a runner died in the barrier, goes to the catch
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            run(ipc::find_in<Shared>(shm, "shared"), child, settings);
            return 0;
        }
        const std::string name = ipc::unique_name("barrier");
        ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")(settings.processes);
        std::vector<cookbook::Child> children;
        for (int i = 0; i < settings.processes; ++i) {  // our options, its part, the segment
            children.push_back(cookbook::Child::self(
                options.arguments({"--child", std::to_string(i), "--shm", name})));
        }
        const bool children_ok = cookbook::wait_all(
            children, (settings.work + settings.timeout) * settings.rounds + milliseconds(5000));
        if (settings.crash) {  // the parent hears of it from the exit statuses
            console::error("the barrier is lost: runner 0 died inside it, holding its lock");
            return 1;
        }
        const int early = shared.early_passes.load(), openings = shared.openings.load();
        const int passes = settings.processes * settings.rounds;
        console::line("passes before all had arrived: ", early, " of ", passes,
                      settings.no_barrier ? " (no barrier)" : "", "; the barrier opened ", openings,
                      " times");
        if (!children_ok || (early != 0 && !settings.no_barrier) ||
            openings != (settings.no_barrier ? 0 : settings.rounds)) {
            console::error("a process passed the barrier too early, or failed");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
