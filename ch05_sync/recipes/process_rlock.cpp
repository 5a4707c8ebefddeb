// A re-entrant lock between processes: a lock its holder may take again.
//
// Python: multiprocessing.RLock (the book's Rlock.py is the threading version: a Box whose
//         add() and remove() take the lock and then call execute(), which takes it again).
// Boost:  boost::interprocess::interprocess_recursive_mutex, placed in shared memory.
// std:    std::recursive_mutex, for the threads of one process only.
//
// The Box lives in managed_shared_memory. Even-numbered children add items, odd ones remove
// them; every add()/remove() holds the lock and calls execute(), which locks it again (a
// nested lock). The recursive mutex counts its holder's locks and is free again only after
// as many unlocks. Part 2 shows why that matters. Locking a non-recursive mutex that you hold
// already is undefined behaviour (std::mutex, boost::mutex, interprocess_mutex: it usually
// deadlocks on itself, but nothing promises even that), so part 2 shows it on the one kind
// whose behaviour is defined: an error-checking pthread mutex refuses with EDEADLK.
// Notice: the box total is exact and every operation took the lock twice.
#include <pthread.h>

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_recursive_mutex.hpp>
#include <cerrno>
#include <cstring>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

struct Box {
    bip::interprocess_recursive_mutex mutex;
    long items = 0;         // guarded by mutex
    long nested_locks = 0;  // locks taken while this process already held the mutex
    std::atomic<int> ready{0};
};

class BoxUser {
  public:
    BoxUser(Box& box, milliseconds timeout) : box_(box), timeout_(timeout) {}

    void add() {
        const auto lock = cookbook::ipc::lock_within(box_.mutex, timeout_);
        execute(+1);  // calls into code that locks again, as Rlock.py's Box does
    }
    void remove() {
        const auto lock = cookbook::ipc::lock_within(box_.mutex, timeout_);
        execute(-1);
    }

  private:
    void execute(int change) {
        const auto lock =
            cookbook::ipc::lock_within(box_.mutex, timeout_);  // the second, nested lock
        box_.items += change;
        ++box_.nested_locks;
    }

    Box& box_;
    milliseconds timeout_;
};

}  // namespace

int main(int argc, char* argv[]) {
    int processes = 3;
    long operations = 2000;
    milliseconds timeout{2000};
    int child = -1;
    std::string child_shm;
    cookbook::cli::Options options("ch05_process_rlock",
                                   "Processes nest locks on an interprocess_recursive_mutex.");
    options.count("processes", processes, "child processes (even ones add, odd ones remove)", 1, 32)
        .count("operations", operations, "add()s or remove()s per process", 1, 1'000'000)
        .milliseconds("timeout-ms", timeout, "longest wait for a lock", milliseconds(1),
                      milliseconds(60'000))
        .internal("child", child)
        .internal("shm", child_shm);
    options.parse(argc, argv);

    try {
        if (child >= 0) {
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            Box* box = shm.find<Box>("box").first;
            if (box == nullptr) {
                throw std::runtime_error("no box in " + child_shm);
            }
            BoxUser user(*box, timeout);
            cookbook::ipc::start_line(box->ready, processes);
            for (long i = 0; i < operations; ++i) {
                child % 2 == 0 ? user.add() : user.remove();
            }
            return 0;
        }

        const std::string name = cookbook::ipc::unique_name("rlock");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(name);
        bip::managed_shared_memory shm(bip::create_only, name.c_str(), 64 * 1024);
        Box& box = *shm.construct<Box>("box")();
        std::vector<cookbook::Child> children;
        for (int i = 0; i < processes; ++i) {  // our options, the child's part, the segment
            children.push_back(cookbook::Child::self(options.arguments(
                {"--child", std::to_string(i), "--shm", name})));  // our options, its part
        }
        const bool children_ok = cookbook::wait_all(children, timeout * 4 + milliseconds(5000));
        const auto lock = cookbook::ipc::lock_within(box.mutex, timeout);
        const long adders = (processes + 1) / 2;
        const long expected = (adders - (processes - adders)) * operations;
        const long expected_nested = processes * operations;
        console::line("part 1: processes adding: ", adders, ", removing: ", processes - adders,
                      "; every operation locks twice");

        // Part 2: the same nesting on a non-recursive mutex, of the error-checking kind.
        pthread_mutexattr_t attributes;
        pthread_mutexattr_init(&attributes);
        pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK);
        pthread_mutex_t checked;
        pthread_mutex_init(&checked, &attributes);
        pthread_mutexattr_destroy(&attributes);
        pthread_mutex_lock(&checked);
        const int again = pthread_mutex_lock(&checked);  // its holder locks it again
        pthread_mutex_unlock(&checked);
        pthread_mutex_destroy(&checked);
        console::line("part 2: an error-checking mutex locked again by its holder: ",
                      again == EDEADLK ? "refused, EDEADLK (" : "?? (", std::strerror(again), ")");

        console::line("box holds ", box.items, " items (expected ", expected,
                      "); nested locks: ", box.nested_locks, " of ", expected_nested);
        if (!children_ok || box.items != expected || box.nested_locks != expected_nested ||
            again != EDEADLK) {
            console::error("wrong result: a process failed or an update was lost");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
