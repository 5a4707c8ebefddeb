// Synchronising processes with a lock: N processes add to one counter in shared memory.
//
// Python: multiprocessing.Lock, guarding a multiprocessing.Value (process_race shows why).
// Boost:  an interprocess_mutex placed in managed_shared_memory next to the data it guards,
//         or a named_mutex (a kernel object that any process opens by name).
// std:    nothing between processes: std::mutex is for the threads of one process.
//
// Each child (this program, --child i) adds 1 to the counter many times under the lock; the
// parent reads it, under the lock too. Part 1: the mutex in shared memory; part 2: the named
// mutex. Every lock has a deadline (ipc::lock_within). `--crash` kills child 0 while it holds
// the lock (use one part at a time): with `--mutex named` the lock stays taken and the others
// time out; with `--mutex shm` (robust on Linux) they are told at once that it is not
// recoverable. Either way every process ends with an error instead of waiting for ever.
#include <signal.h>

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

namespace {

struct Shared {
    bip::interprocess_mutex mutex;  // part 1: the lock lives next to the data
    long counter = 0;               // written only by a process that holds the part's lock
    std::atomic<int> ready{0};      // children at the start line (ipc::start_line)
};

struct Settings {
    int processes = 4;
    long increments = 25'000;
    milliseconds timeout{2000};
    bool crash = false;
};

// A child: add 1 to the counter `increments` times, taking and releasing the lock each time.
template <class Mutex>  // interprocess_mutex or named_mutex: the calls are the same
void count(Shared& shared, Mutex& mutex, const Settings& settings, bool crash) {
    cookbook::ipc::start_line(shared.ready, settings.processes);
    for (long i = 0; i < settings.increments; ++i) {
        const auto lock = cookbook::ipc::lock_within(mutex, settings.timeout);
        ++shared.counter;
        if (crash && i == settings.increments / 2) {
            ::raise(SIGKILL);  // dies holding the lock: no destructor, no unlock
        }
    }
}

// The parent: start the children (our options, plus each one's number), wait for them, then
// read the counter under the same lock; -1 if a child failed.
template <class Mutex>
long run_part(Shared& shared, Mutex& mutex, const std::vector<std::string>& args,
              const Settings& settings) {
    shared.counter = 0;  // no child runs yet: nobody else can touch them
    shared.ready = 0;
    std::vector<cookbook::Child> children;
    for (int i = 0; i < settings.processes; ++i) {
        std::vector<std::string> child_args = args;
        child_args.insert(child_args.end(), {"--child", std::to_string(i)});
        children.push_back(cookbook::Child::self(child_args));
    }
    const bool children_ok = cookbook::wait_all(children, settings.timeout * 4 + 5s);
    const auto lock = cookbook::ipc::lock_within(mutex, settings.timeout);
    return children_ok ? shared.counter : -1;
}

}  // namespace

int main(int argc, char* argv[]) {
    Settings settings;
    std::string which = "both";
    int child = -1;
    std::string child_shm, child_named;
    cookbook::cli::Options options("ch05_process_lock",
                                   "N processes add to a counter in shared memory under a lock.");
    options.count("processes", settings.processes, "number of child processes", 1, 32)
        .count("increments", settings.increments, "locked increments per process", 1, 10'000'000)
        .choice("mutex", which, "which lock: shm, named or both", {"shm", "named", "both"})
        .milliseconds("timeout-ms", settings.timeout, "longest wait for a lock", 1ms, 60s)
        .flag("crash", settings.crash, "child 0 is killed while it holds the lock")
        .internal("child", child)
        .internal("shm", child_shm)
        .internal("named", child_named);
    options.parse(argc, argv);

    try {
        if (child >= 0) {  // we are a child: open what the parent created, by name
            bip::managed_shared_memory shm(bip::open_only, child_shm.c_str());
            Shared& shared = cookbook::ipc::find_in<Shared>(shm, "shared");
            const bool crash = settings.crash && child == 0;
            if (child_named.empty()) {
                count(shared, shared.mutex, settings, crash);
            } else {
                bip::named_mutex named(bip::open_only, child_named.c_str());
                count(shared, named, settings, crash);
            }
            return 0;
        }

        const std::string shm_name = cookbook::ipc::unique_name("lock_shm");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(shm_name);
        bip::managed_shared_memory shm(bip::create_only, shm_name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        std::vector<std::string> args = options.arguments({"--shm", shm_name});  // ours, +names
        const long expected = settings.processes * settings.increments;
        int parts = 0, exact = 0;
        long counter = 0;
        auto part = [&](const char* name, auto& mutex) {
            cookbook::Stopwatch watch;
            counter = run_part(shared, mutex, args, settings);
            console::line(name, ": counter ", counter, " in ", console::fixed(watch.seconds(), 3),
                          " s");
            parts += 1;
            exact += counter == expected ? 1 : 0;
        };
        if (which != "named") {
            part("part 1, interprocess_mutex in shared memory", shared.mutex);
        }
        if (which != "shm") {
            const std::string mutex_name = cookbook::ipc::unique_name("lock_named");
            cookbook::ipc::remove_guard<bip::named_mutex> remove_mutex(mutex_name);
            bip::named_mutex named(bip::create_only, mutex_name.c_str());
            args.insert(args.end(), {"--named", mutex_name});  // the children open it by name
            part("part 2, named_mutex", named);
        }
        console::line("final counter: ", counter, " (expected ", expected, ") in ", exact, " of ",
                      parts, " parts");
        if (exact != parts) {
            console::error("a part lost updates or a process failed");
            return 1;
        }
    } catch (const bip::lock_exception& e) {
        console::error("the mutex is not recoverable: a process died holding it (", e.what(), ")");
        return 1;
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
