// A mutex and a condition variable for shared memory that tell a waiting process when another
// process died holding the mutex. For the recipes whose processes may die.
//
// Boost.Interprocess's interprocess_mutex is a robust pthread mutex on Linux: when its holder
// dies, the next lock() throws lock_exception. Its interprocess_condition, though, ignores
// what a *waiting* process is told when it wakes up and takes the mutex back from a holder
// that died meanwhile (EOWNERDEAD from pthread_cond_timedwait): with assertions on, the
// waiter aborts; with NDEBUG it goes on holding a mutex over half-updated state, or spins at
// full speed past its deadline for ever (Boost 1.81 to 1.92 alike; robust_sync_test.cpp shows
// it). message_queue waits on such a condition too: see ipc::receive() for what to do there.
// These two check what every call returns:
//
//   struct Shared { ipc::RobustMutex mutex; ipc::RobustCondition ready; bool done = false; };
//   auto lock = ipc::lock_within(shared->mutex, 1s);                   // PeerDied if the
//   bool ok = shared->ready.wait_for(lock, 1s, [&] { return shared->done; });  // holder died
//
// (Destroying a Boost interprocess_condition that a killed process was waiting on hangs, too:
// glibc's pthread_cond_destroy() waits for every waiter to leave. RobustCondition's does not.)
// A process that died holding the mutex may have left what it guards half-written, so there
// is no recovery: the state is marked lost, and from then on every lock or wait, in every
// process, throws PeerDied; the segment has to be removed.
#pragma once

#include <pthread.h>

#include <atomic>
#include <boost/interprocess/sync/scoped_lock.hpp>
#include <chrono>
#include <stdexcept>

#include "cookbook/ipc.hpp"

namespace cookbook::ipc {

// A process died while it held the mutex: what the mutex guards is lost.
struct PeerDied : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A process-shared, robust pthread mutex, used like Boost's interprocess_mutex (scoped_lock,
// lock_within). Construct it inside the shared memory, once, in the process that creates it.
class RobustMutex {
  public:
    RobustMutex();
    ~RobustMutex();
    RobustMutex(const RobustMutex&) = delete;
    RobustMutex& operator=(const RobustMutex&) = delete;

    void lock();                                // throws PeerDied
    bool try_lock();                            // throws PeerDied
    bool timed_lock(const Deadline& deadline);  // false at the deadline; throws PeerDied
    void unlock();

  private:
    friend class RobustCondition;
    void check_lock(int result, const char* call);  // throws PeerDied

    pthread_mutex_t mutex_;
    std::atomic<bool> lost_{false};  // a holder died: set by whoever noticed it, read by all
};

// A process-shared condition variable for a RobustMutex, used like interprocess_condition.
// Its deadlines are on CLOCK_MONOTONIC: setting the wall clock does not stretch a wait.
class RobustCondition {
  public:
    using Lock = boost::interprocess::scoped_lock<RobustMutex>;

    RobustCondition();
    ~RobustCondition();
    RobustCondition(const RobustCondition&) = delete;
    RobustCondition& operator=(const RobustCondition&) = delete;

    // Waits until pred() holds, at most `timeout`; returns pred(). Throws PeerDied if the
    // mutex's holder died meanwhile (the lock is then still held, or released if it can no
    // longer be: either way `lock` knows).
    template <class Predicate>
    bool wait_for(Lock& lock, std::chrono::nanoseconds timeout, Predicate pred) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!pred()) {
            if (!wait_until(lock, deadline)) {
                return pred();
            }
        }
        return true;
    }
    // One wait: false once `deadline` has passed. Spurious wake-ups return true.
    bool wait_until(Lock& lock, std::chrono::steady_clock::time_point deadline);

    void notify_one();
    void notify_all();

  private:
    pthread_cond_t condition_;
};

}  // namespace cookbook::ipc
