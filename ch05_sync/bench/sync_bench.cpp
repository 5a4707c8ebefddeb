// What one lock + unlock costs, alone and with two competitors, for the locks of chapter 5.
//
//   boost::mutex            a futex-based mutex: no system call unless there is a waiter
//   spinlock                an atomic flag, test-and-test-and-set: never sleeps
//   atomic fetch_add        no lock at all: one indivisible instruction (the floor)
//   interprocess_mutex      a robust pthread mutex placed in managed_shared_memory
//   named_mutex             a POSIX named semaphore (sem_open): also futex-based
//   file_lock               fcntl record locks: a system call for every lock and unlock
//
// "threads:1" is the uncontended cost; "threads:2" has two threads of this process on the same
// lock. fcntl locks belong to a process, so two threads of one process never compete for a
// file_lock: its contended case ("processes:2") forks a second process that locks and unlocks
// the same file in a loop while this one measures. items_per_second is lock+unlock pairs per
// second over all competitors. Run through `./cookbook bench ch05` for a CSV and a chart.
#include <benchmark/benchmark.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/file_lock.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>
#include <boost/thread/mutex.hpp>
#include <fstream>

#include "cookbook/ipc.hpp"
#include "cookbook/temp_dir.hpp"

namespace bip = boost::interprocess;

namespace {

class Spinlock {
  public:
    void lock() {
        while (locked_.exchange(true, std::memory_order_acquire)) {
            while (locked_.load(std::memory_order_relaxed)) {  // spin on a read: no bus traffic
#if defined(__x86_64__) || defined(__i386__)
                __builtin_ia32_pause();
#endif
            }
        }
    }
    void unlock() {
        locked_.store(false, std::memory_order_release);
    }

  private:
    std::atomic<bool> locked_{false};
};

// The inter-process objects, created on first use and removed when the program ends.
struct IpcObjects {
    IpcObjects()
        : shm_name(cookbook::ipc::unique_name("bench_shm")),
          mutex_name(cookbook::ipc::unique_name("bench_named")),
          remove_shm(shm_name),
          remove_named(mutex_name),
          shm(bip::create_only, shm_name.c_str(), 64 * 1024),
          mutex(*shm.construct<bip::interprocess_mutex>("mutex")()),
          named(bip::create_only, mutex_name.c_str()),
          dir("bench"),
          lock_file(dir.file("bench.lock")) {
        std::ofstream(lock_file).put('\n');
    }
    std::string shm_name, mutex_name;
    cookbook::ipc::remove_guard<bip::shared_memory_object> remove_shm;
    cookbook::ipc::remove_guard<bip::named_mutex> remove_named;
    bip::managed_shared_memory shm;
    bip::interprocess_mutex& mutex;
    bip::named_mutex named;
    cookbook::TempDir dir;  // removed with the lock file at exit, and on SIGINT / SIGTERM
    std::string lock_file;
};

IpcObjects& ipc_objects() {
    static IpcObjects objects;  // thread-safe initialisation; destroyed (and removed) at exit
    return objects;
}

template <class Lock>
void lock_unlock(benchmark::State& state, Lock& lock) {
    for (auto _ : state) {
        lock.lock();
        lock.unlock();
    }
    state.SetItemsProcessed(state.iterations());
}

boost::mutex a_boost_mutex;
Spinlock a_spinlock;
std::atomic<long> a_counter{0};

void boost_mutex(benchmark::State& state) {
    lock_unlock(state, a_boost_mutex);
}
void spinlock(benchmark::State& state) {
    lock_unlock(state, a_spinlock);
}
void interprocess_mutex(benchmark::State& state) {
    lock_unlock(state, ipc_objects().mutex);
}
void named_mutex(benchmark::State& state) {
    lock_unlock(state, ipc_objects().named);
}
void atomic_fetch_add(benchmark::State& state) {
    for (auto _ : state) {
        a_counter.fetch_add(1);
    }
    state.SetItemsProcessed(state.iterations());
}

void file_lock(benchmark::State& state) {
    bip::file_lock lock(ipc_objects().lock_file.c_str());
    lock_unlock(state, lock);
}

// file_lock against a second process that locks and unlocks the same file in a loop.
void file_lock_two_processes(benchmark::State& state) {
    const std::string path = ipc_objects().lock_file;
    int ready[2];
    if (::pipe(ready) != 0) {
        state.SkipWithError("pipe failed");
        return;
    }
    const pid_t parent = ::getpid();
    const pid_t rival = ::fork();
    if (rival == 0) {  // the rival: loops until it is killed (or its parent dies); never returns
        ::close(ready[0]);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        try {
            if (::getppid() != parent) {  // the parent died before prctl(): nobody would kill us
                ::_exit(1);
            }
            bip::file_lock lock(path.c_str());
            lock.lock();
            lock.unlock();
            (void)!::write(ready[1], "r", 1);  // "I am running"
            for (;;) {
                lock.lock();
                lock.unlock();
            }
        } catch (...) {
        }
        ::_exit(1);
    }
    ::close(ready[1]);  // ours closed: if the rival dies before it writes, read() sees the end
    pollfd entry{ready[0], POLLIN, 0};
    char byte = 0;
    const bool running =
        rival > 0 && ::poll(&entry, 1, 5000) == 1 && ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    if (running) {
        file_lock(state);
    } else {
        state.SkipWithError("the rival process did not start");
    }
    if (rival > 0) {
        ::kill(rival, SIGKILL);
        ::waitpid(rival, nullptr, 0);  // returns at once: SIGKILL cannot be caught
    }
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    for (auto [name, function] :
         {std::pair{"boost::mutex", &boost_mutex}, std::pair{"spinlock", &spinlock},
          std::pair{"atomic fetch_add", &atomic_fetch_add},
          std::pair{"interprocess_mutex in shm", &interprocess_mutex},
          std::pair{"named_mutex", &named_mutex}}) {
        benchmark::RegisterBenchmark(name, function)->Threads(1)->Threads(2)->UseRealTime();
    }
    benchmark::RegisterBenchmark("file_lock", &file_lock)->Threads(1)->UseRealTime();
    benchmark::RegisterBenchmark("file_lock/processes:2", &file_lock_two_processes)->UseRealTime();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
