#include "cookbook/robust_sync.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

namespace cookbook::ipc {
namespace {

constexpr const char* holder_died =
    "a process died holding the lock: what it guards may be half-written, and is lost";

void check(int result, const char* call) {
    if (result != 0) {
        throw std::runtime_error(std::string(call) + ": " + std::strerror(result));
    }
}

timespec to_timespec(std::chrono::nanoseconds since_epoch) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    return timespec{static_cast<time_t>(seconds.count()),
                    static_cast<long>((since_epoch - seconds).count())};
}

}  // namespace

RobustMutex::RobustMutex() {
    pthread_mutexattr_t attributes;
    check(pthread_mutexattr_init(&attributes), "pthread_mutexattr_init");
    pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);  // other processes too
    pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);     // a dead holder: EOWNERDEAD
    const int result = pthread_mutex_init(&mutex_, &attributes);
    pthread_mutexattr_destroy(&attributes);
    check(result, "pthread_mutex_init");
}

RobustMutex::~RobustMutex() {
    pthread_mutex_destroy(&mutex_);
}

// What a lock call returned. EOWNERDEAD: this process now holds the mutex, and its last holder
// died in its critical section. The state it guards is marked lost (`lost_`, which every lock
// checks), and the mutex itself is made consistent and unlocked, so that it keeps working as a
// mutex: left unrecoverable instead, glibc's pthread_mutex_timedlock() would time out on it
// rather than say so, and leave it in a state where a condition's waiter that takes it back
// blocks for ever (seen with glibc 2.36).
void RobustMutex::check_lock(int result, const char* call) {
    if (result == EOWNERDEAD) {
        lost_ = true;
        pthread_mutex_consistent(&mutex_);
        pthread_mutex_unlock(&mutex_);
        throw PeerDied(holder_died);
    }
    if (result == 0 && lost_) {  // taken, but over state a dead process left
        pthread_mutex_unlock(&mutex_);
        throw PeerDied(holder_died);
    }
    if (result == ENOTRECOVERABLE) {
        throw PeerDied(holder_died);
    }
    if (result != 0 && result != ETIMEDOUT && result != EBUSY) {
        check(result, call);
    }
}

void RobustMutex::lock() {
    check_lock(pthread_mutex_lock(&mutex_), "pthread_mutex_lock");
}

bool RobustMutex::try_lock() {
    const int result = pthread_mutex_trylock(&mutex_);
    check_lock(result, "pthread_mutex_trylock");
    return result == 0;
}

bool RobustMutex::timed_lock(const Deadline& deadline) {
    const timespec when = to_timespec(deadline.time_since_epoch());  // CLOCK_REALTIME
    const int result = pthread_mutex_timedlock(&mutex_, &when);
    check_lock(result, "pthread_mutex_timedlock");
    return result == 0;
}

void RobustMutex::unlock() {
    pthread_mutex_unlock(&mutex_);
}

RobustCondition::RobustCondition() {
    pthread_condattr_t attributes;
    check(pthread_condattr_init(&attributes), "pthread_condattr_init");
    pthread_condattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);  // steady_clock's clock
    const int result = pthread_cond_init(&condition_, &attributes);
    pthread_condattr_destroy(&attributes);
    check(result, "pthread_cond_init");
}

// Not pthread_cond_destroy(): a process killed while it waited stays counted as a waiter,
// and glibc's pthread_cond_destroy() waits for it to leave -- for ever. The condition owns
// nothing but its own bytes, which go with the segment.
RobustCondition::~RobustCondition() = default;

bool RobustCondition::wait_until(Lock& lock, std::chrono::steady_clock::time_point deadline) {
    const timespec when = to_timespec(deadline.time_since_epoch());  // CLOCK_MONOTONIC
    RobustMutex& mutex = *lock.mutex();
    const int result = pthread_cond_timedwait(&condition_, &mutex.mutex_, &when);
    if (result == EOWNERDEAD) {  // the mutex is ours again, over state a dead process left
        mutex.lost_ = true;
        pthread_mutex_consistent(&mutex.mutex_);  // `lock` unlocks it as the exception passes
        throw PeerDied(holder_died);
    }
    if (result == ENOTRECOVERABLE) {
        lock.release();  // the mutex could not be taken back: there is nothing to unlock
        throw PeerDied(holder_died);
    }
    if (mutex.lost_) {  // woken or timed out, holding the mutex: another process found a death
        throw PeerDied(holder_died);
    }
    if (result == ETIMEDOUT) {
        return false;
    }
    check(result, "pthread_cond_timedwait");
    return true;
}

void RobustCondition::notify_one() {
    pthread_cond_signal(&condition_);
}

void RobustCondition::notify_all() {
    pthread_cond_broadcast(&condition_);
}

}  // namespace cookbook::ipc
