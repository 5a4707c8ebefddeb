// A semaphore between processes: at most K of them inside a section at once.
//
// Python: multiprocessing.Semaphore(K), acquire()/release() or `with semaphore:`.
// Boost:  boost::interprocess::named_semaphore (a POSIX named semaphore: any process opens it
//         by name); interprocess_semaphore is the same thing placed in shared memory.
// std:    std::counting_semaphore, for the threads of one process only.
//
// N children each enter a section R times; the semaphore starts at K, so K may be inside at
// once. Whoever is inside counts itself in shared memory and raises a high-water mark, so the
// limit is measured, not assumed. A semaphore has no owner: if a process were killed inside,
// its permit would be gone for good, which is why every wait for one has a deadline.
// The book's Semaphore.py uses a semaphore as a signal between two threads instead (see
// process_event for signalling between processes).
// Notice: "most processes inside at once" never exceeds K, and the run takes about
// N * R * work / K.
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/named_semaphore.hpp>
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

struct Shared {  // what the processes measure, in shared memory
    std::atomic<int> inside{0};
    std::atomic<int> most_inside{0};
    std::atomic<int> entries{0};
    std::atomic<int> ready{0};
};

// One permit of the semaphore, for one scope: Python's `with semaphore:`.
class Permit {
  public:
    Permit(bip::named_semaphore& semaphore, milliseconds timeout) : semaphore_(semaphore) {
        if (!semaphore_.timed_wait(cookbook::ipc::deadline_in(timeout))) {
            throw cookbook::ipc::Timeout("no permit within " + std::to_string(timeout.count()) +
                                         " ms (did a holder die?)");
        }
    }
    ~Permit() { semaphore_.post(); }
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;

  private:
    bip::named_semaphore& semaphore_;
};

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 6, limit = 2, rounds = 3;
    milliseconds work{20}, timeout{5000};
    int child = -1;
    std::string child_shm, child_semaphore;
    cookbook::cli::Options options("ch05_process_semaphore",
                                   "At most K processes inside at once, with a named_semaphore.");
    options.count("processes", processes, "child processes", 1, 32)
        .count("limit", limit, "K: how many may be inside at once", 1, 32)
        .count("rounds", rounds, "times each process enters", 1, 1000)
        .milliseconds("work-ms", work, "time spent inside", milliseconds(0), milliseconds(1000))
        .milliseconds("timeout-ms", timeout, "longest wait for a permit", milliseconds(1),
                      milliseconds(60'000))
        .internal("child", child)
        .internal("shm", child_shm)
        .internal("semaphore", child_semaphore);
    options.parse(argc, argv);

    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            Shared* found = shm.find<Shared>("shared").first;
            if (found == nullptr) {
                throw std::runtime_error("no shared counters in " + child_shm);
            }
            Shared& shared = *found;
            bip::named_semaphore semaphore(bip::open_only, child_semaphore.c_str());
            cookbook::ipc::start_line(shared.ready, processes);
            for (int round = 0; round < rounds; ++round) {
                const Permit permit(semaphore, timeout);
                const int now_inside = shared.inside.fetch_add(1) + 1;
                cookbook::raise_to(shared.most_inside, now_inside);
                shared.entries.fetch_add(1);
                console::tagged(console::pid_tag(), "child ", child, " in (", now_inside,
                                " inside)");
                std::this_thread::sleep_for(work);  // stands in for work done inside
                shared.inside.fetch_sub(1);         // leaving: before the permit goes back
            }
            return 0;
        }

        const std::string shm_name = cookbook::ipc::unique_name("semaphore_shm");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(shm_name);
        bip::managed_shared_memory shm(bip::create_only, shm_name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        const std::string semaphore_name = cookbook::ipc::unique_name("semaphore");
        cookbook::ipc::remove_guard<bip::named_semaphore> remove_semaphore(semaphore_name);
        bip::named_semaphore semaphore(bip::create_only, semaphore_name.c_str(), limit);

        cookbook::Stopwatch watch;
        std::vector<cookbook::Child> children;
        for (int i = 0; i < processes; ++i) {  // our options, the child's part, the objects
            children.push_back(cookbook::Child::self(
                options.arguments({"--child", std::to_string(i), "--shm", shm_name, "--semaphore",
                                   semaphore_name})));  // our options, its part
        }
        const bool children_ok = cookbook::wait_all(children, timeout * 2 + milliseconds(5000));
        const int most = shared.most_inside.load();
        const int entries = shared.entries.load();
        console::line(processes, " processes, each inside ", rounds, " time(s) for ", work.count(),
                      " ms, ", limit, " permits: ", console::fixed(watch.seconds(), 3), " s");
        console::line("most processes inside at once: ", most, " (limit ", limit, ")");
        console::line("never more than ", limit,
                      " processes inside at once: ", most <= limit ? "yes" : "NO", " (", entries,
                      " entries of ", processes * rounds, ")");
        if (!children_ok || most > limit || entries != processes * rounds) {
            console::error("the limit was broken or a process failed");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
