// Names and clean-up for inter-process objects (shared memory, message queues, named mutexes,
// semaphores and conditions of Boost.Interprocess).
//
// Such objects outlive the process that made them: on Linux they are files in /dev/shm, there
// until someone removes them. So:
//   - names are unique per run: cookbook_<what>_<pid>, so two runs at once never share one;
//   - the process that creates an object holds a remove_guard for it, which removes it on
//     scope exit and also when the program is ended by SIGINT, SIGTERM or SIGHUP (the first
//     guard installs a handler for them; a handler the program had before is called after
//     the removal -- so the objects are gone even if that handler then decides to carry on;
//     one installed later, e.g. by an asio::signal_set, replaces ours). A child made with a
//     bare fork() inherits the handler and the list, but removes only objects it registered
//     itself: a SIGTERM to it leaves its parent's alone;
//   - what a SIGKILLed run could not remove is reclaimed by the next run: the first
//     unique_name() call removes every cookbook_*_<pid> object whose pid is no longer alive.
//
//   const std::string name = ipc::unique_name("tasks");          // cookbook_tasks_4242
//   ipc::remove_guard<bip::message_queue> remove_tasks(name);     // before creating it
//   bip::message_queue tasks(bip::create_only, name.c_str(), 64, sizeof(Task));
//   ... children open it with bip::open_only and the name passed on their command line ...
#pragma once

#include <atomic>
#include <boost/interprocess/sync/scoped_lock.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cookbook/trace.hpp"

namespace cookbook::ipc {

// The deadline to give Boost.Interprocess's timed calls (timed_lock, timed_wait,
// timed_receive, timed_send, ...): they take an absolute time, which pthreads compare with
// CLOCK_REALTIME, so it must be on the system clock (a steady_clock time would be read as a
// moment in 1970: every wait would time out at once), and in nanoseconds (Boost 1.81
// converts coarser time points wrongly, cutting the deadline to whole seconds). Being on the
// wall clock, such a deadline moves if the clock is set: a step back stretches every wait
// (RobustCondition waits on CLOCK_MONOTONIC instead). Boost's plain lock() has no deadline at
// all, unless BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING is defined; hence lock_within().
using Deadline = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;
inline Deadline deadline_in(std::chrono::nanoseconds timeout) {
    return std::chrono::system_clock::now() + timeout;
}

// A bounded wait that ran out: whoever should have let us through has died or is stuck.
struct Timeout : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Locks an inter-process mutex within `timeout`, or throws Timeout. Never wait for such a
// mutex without a limit: a named_mutex whose holder was killed stays locked for ever (a robust
// interprocess_mutex instead throws lock_exception at the next locker).
template <class Mutex>
boost::interprocess::scoped_lock<Mutex> lock_within(Mutex& mutex,
                                                    std::chrono::milliseconds timeout) {
    const auto asked = trace::now();  // with --trace: the wait is a bar on the timeline
    boost::interprocess::scoped_lock<Mutex> lock(mutex, deadline_in(timeout));
    trace::span_since(asked, "waiting for the lock", "wait");
    if (!lock.owns()) {
        throw Timeout("no lock within " + std::to_string(timeout.count()) +
                      " ms (did its holder die?)");
    }
    return lock;
}

// A start line for `count` processes sharing `arrived` (a lock-free atomic in shared memory):
// each says it is here, then waits until all are, so that their work really overlaps (starting
// a process takes milliseconds: the first could finish before the last begins). The wait spins
// (yielding the core) for at most `limit`, then throws Timeout: a process that died before the
// line must not leave the others waiting.
void start_line(std::atomic<int>& arrived, int count,
                std::chrono::milliseconds limit = std::chrono::seconds(30));

// In a child: the object `name` its parent constructed in the segment `shm` (a
// managed_shared_memory the child opened with open_only and the name it was given). Throws if
// there is none there: a wrong name on the command line.
template <class T, class Segment>
T& find_in(Segment& shm, const char* name) {
    T* found = shm.template find<T>(name).first;
    if (found == nullptr) {
        throw std::runtime_error(std::string("no \"") + name + "\" in the shared memory segment");
    }
    return *found;
}

// "cookbook_<what>_<pid of this process>". `what` is letters, digits and '_'.
// The first call in a process also runs remove_stale_objects().
std::string unique_name(std::string_view what);

// Removes cookbook_* objects in /dev/shm whose owner pid (the number after the last '_') is
// no longer running. Returns how many were removed.
int remove_stale_objects();

// The /dev/shm entries (without the directory) that belong to a pid: those ending in _<pid>.
// Tests use it to check that a run left nothing behind.
std::vector<std::string> objects_of(long pid);

namespace detail {
// Remember `name` so that a SIGINT/SIGTERM/SIGHUP handler can unlink it (and installs that
// handler on first use). Returns a slot for forget(); -1 if the table is full.
int remember_for_signals(const std::string& name);
// The same for a file (unlinked) or an empty directory (removed after the files), e.g. TempDir.
int remember_path_for_signals(const std::string& path, bool directory);
void forget(int slot);
}  // namespace detail

// Removes the named object when the guard is created (a leftover of the same name would
// otherwise be opened instead of created), when it goes out of scope, and on SIGINT, SIGTERM
// or SIGHUP. Object is the Boost.Interprocess type: shared_memory_object, message_queue,
// named_mutex, named_semaphore, named_condition, ... (anything with a static remove()).
template <class Object>
class remove_guard {
  public:
    explicit remove_guard(std::string name) : name_(std::move(name)) {
        Object::remove(name_.c_str());
        slot_ = detail::remember_for_signals(name_);
    }
    ~remove_guard() {
        Object::remove(name_.c_str());
        detail::forget(slot_);
    }
    remove_guard(const remove_guard&) = delete;
    remove_guard& operator=(const remove_guard&) = delete;

    const std::string& name() const { return name_; }

  private:
    std::string name_;
    int slot_;
};

}  // namespace cookbook::ipc
