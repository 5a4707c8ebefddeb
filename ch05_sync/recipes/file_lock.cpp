// A file lock: the one inter-process lock the operating system takes back when its holder dies.
//
// Python: fcntl.lockf on an open file (POSIX only; fcntl.flock is another kind, see below).
// Boost:  boost::interprocess::file_lock: fcntl() record locks on POSIX, LockFileEx on Windows.
// std:    none.
//
// The kernel keeps an fcntl lock for a process: when the process ends, however it ends, the
// kernel drops its locks. A mutex or semaphore in shared memory is only bytes that say
// "taken"; nobody is there to clear them when the holder is killed.
// The parent creates a lock file in a fresh temporary directory and starts a child that takes
// three locks: the file_lock, a named_mutex and an interprocess_mutex in shared memory. Once
// the child says it holds them (a semaphore in shared memory), the parent kills it with
// SIGKILL -- no destructor, no unlock -- and tries each lock again, none without a bound.
// Notice: the file_lock is free again at once; the named_mutex stays locked (the attempt
// times out); the interprocess_mutex, a robust mutex on Linux, tells the next locker that its
// owner died and Boost then refuses it for good (lock_exception). Only the first is usable.
// Two traps of fcntl locks: they belong to the process, so its threads all share one (it
// excludes no thread of the same process); and closing *any* descriptor of the file -- even
// one opened elsewhere, e.g. an ifstream that reads it -- drops all the process's locks on it.
// (flock(2), Python's fcntl.flock, belongs to the open file description instead.)
#include <signal.h>

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/file_lock.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/interprocess_semaphore.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>
#include <fstream>
#include <thread>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"
#include "cookbook/temp_dir.hpp"
#include "cookbook/timing.hpp"

namespace bip = boost::interprocess;
namespace console = cookbook::console;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

namespace {

struct Shared {
    bip::interprocess_mutex mutex;
    bip::interprocess_semaphore holding{0};  // the child posts it once it holds all three
};

// The child: take the three locks, say so, then stay until killed.
int hold_locks(const std::string& file, const std::string& shm_name, const std::string& mutex_name,
               milliseconds timeout) {
    bip::file_lock file_lock(file.c_str());
    if (!file_lock.timed_lock(cookbook::ipc::deadline_in(timeout))) {
        throw cookbook::ipc::Timeout("child: no file lock in time");
    }
    bip::named_mutex named(bip::open_only, mutex_name.c_str());
    const auto named_lock = cookbook::ipc::lock_within(named, timeout);
    bip::managed_shared_memory shm(bip::open_only, shm_name.c_str());
    Shared& shared = cookbook::ipc::find_in<Shared>(shm, "shared");
    const auto shm_lock = cookbook::ipc::lock_within(shared.mutex, timeout);
    console::tagged(console::pid_tag(), "child holds the file_lock, the named_mutex and the ",
                    "interprocess_mutex");
    shared.holding.post();
    std::this_thread::sleep_for(timeout);  // waits to be killed; not for ever, if nobody does
    console::error("child: nobody killed me");
    return 1;
}

}  // namespace

int main(int argc, char* argv[]) {
    milliseconds timeout{5000}, patience{200};
    int child = -1;
    std::string child_file, child_shm, child_named;
    cookbook::cli::Options options("ch05_file_lock",
                                   "Kill the holder of a file_lock, a named_mutex and a mutex.");
    options.milliseconds("timeout-ms", timeout, "longest wait for the file lock", 1ms, 60s)
        .milliseconds("patience-ms", patience, "how long to try the named_mutex", 1ms, 10s)
        .internal("child", child)
        .internal("file", child_file)
        .internal("shm", child_shm)
        .internal("named", child_named);
    options.parse(argc, argv);

    try {
        if (child >= 0) {
            return hold_locks(child_file, child_shm, child_named, timeout);
        }
        cookbook::TempDir dir("file_lock");  // removed at the end, and on Ctrl-C or SIGTERM
        const std::string file = dir.file("resource.lock");
        std::ofstream(file).put('\n');  // file_lock needs an existing file
        const std::string shm_name = cookbook::ipc::unique_name("file_lock");
        cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm(shm_name);
        bip::managed_shared_memory shm(bip::create_only, shm_name.c_str(), 64 * 1024);
        Shared& shared = *shm.construct<Shared>("shared")();
        const std::string mutex_name = cookbook::ipc::unique_name("file_lock_named");
        cookbook::ipc::remove_guard<bip::named_mutex> remove_mutex(mutex_name);
        bip::named_mutex named(bip::create_only, mutex_name.c_str());
        bip::file_lock file_lock(file.c_str());

        auto holder = cookbook::Child::self(
            options.arguments({"--child", "1", "--file", file, "--shm", shm_name, "--named",
                               mutex_name}));  // our options, the locks
        if (!shared.holding.timed_wait(cookbook::ipc::deadline_in(timeout))) {
            throw cookbook::ipc::Timeout("the child did not take the locks in time");
        }
        console::line("parent: file_lock.try_lock() while the child holds it: ",
                      file_lock.try_lock() ? "got it (unexpected)" : "busy");
        holder.signal(SIGKILL);
        console::line("parent: child ", holder.pid(), " ", holder.wait(timeout).describe());

        cookbook::Stopwatch watch;
        const bool file_free = file_lock.timed_lock(cookbook::ipc::deadline_in(timeout));
        console::line("file_lock: ", file_free ? "locked by the parent " : "still busy after ",
                      console::fixed(watch.milliseconds(), 1), " ms after the kill");
        const bool named_stuck = !named.try_lock_for(patience);
        if (!named_stuck) {
            named.unlock();
        }
        console::line("named_mutex: ", named_stuck ? "still locked" : "free again", " (tried for ",
                      patience.count(), " ms)");
        bool shm_unusable = false;
        try {
            const bool got = shared.mutex.try_lock();  // a robust mutex answers at once
            console::line("interprocess_mutex: ", got ? "free again" : "still locked");
            if (got) {
                shared.mutex.unlock();
            }
        } catch (const bip::lock_exception&) {
            shm_unusable = true;
            console::line("interprocess_mutex: lock_exception: its owner died, not recoverable");
        }
        if (file_free) {
            file_lock.unlock();
        }
        console::line(
            "after the holder was killed: file_lock free again: ", file_free ? "yes" : "NO",
            "; named_mutex still locked: ", named_stuck ? "yes" : "no",
            "; interprocess_mutex unusable: ", shm_unusable ? "yes" : "no");
        if (!file_free) {
            console::error("the operating system did not release the dead holder's file lock");
            return 1;
        }
    } catch (const std::exception& e) {
        console::error(e.what());
        return 1;
    }
    return 0;
}
