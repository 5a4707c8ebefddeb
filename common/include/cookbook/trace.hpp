// A timeline of a run, to look at: which thread worked, waited or held a lock when, in the
// Chrome trace-event JSON format that Perfetto (ui.perfetto.dev) and chrome://tracing open.
//
// Every recipe has --trace FILE (cli::Options adds it). Names of spans, marks and counters
// are string literals: the tracer keeps the pointer, not a copy. Tracing is off unless it is given,
// and then each call below costs one branch. On, an event is two clock reads and an append to the
// calling thread's own buffer: no lock (the ch02 bench measures it).
//
//   cookbook::trace::name_thread("worker 2");          // this thread's lane
//   {
//       cookbook::trace::Span span("holding the lock", "hold");   // a bar on the lane
//       ...
//   }                                                   // ends here
//   cookbook::trace::instant("notify", "signal");       // a mark
//   cookbook::trace::counter("queue depth", 3);         // a number over time
//
// Processes: the process started with --trace is the collector. Its children, forked or
// started again with exec (Child::self), write their events as they happen into a directory
// that the collector reads at the end (COOKBOOK_TRACE_PARTS in their environment says where);
// so a child's events reach the file whatever its fate, up to its death. All processes read
// the same clock (CLOCK_MONOTONIC is system-wide), so their lanes line up. Under mpirun each
// rank writes a file of its own: FILE.rank0, FILE.rank1, ...
// Categories colour the bars of `./cookbook trace`: work, wait, hold, sleep, await, queue, io.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cookbook::trace {

namespace detail {
extern std::atomic<bool> on;
std::int64_t now_ns();  // CLOCK_MONOTONIC
void record(char phase, const char* name, const char* category, std::int64_t start_ns,
            std::int64_t duration_ns, double value, long lane = 0);
}  // namespace detail

inline bool enabled() {
    return detail::on.load(std::memory_order_relaxed);
}

// Called by cli::Options::parse(): with a path, this process collects the timeline into it;
// in a child of a traced process (COOKBOOK_TRACE_PARTS set) it writes its part. Otherwise off.
// `program` names this process's group of lanes. False if the file cannot be written.
bool start(const std::string& path, const std::string& program);

// Writes the file (the collector: its own events and every child's); a no-op in a child or
// when tracing is off. Runs at exit by itself; call it earlier only once every thread that
// records has been joined.
void finish();

// Names the calling thread's lane ("main", "worker 2", "consumer").
void name_thread(const std::string& name);

// A lane of its own for something that is not a thread: a coroutine, which runs on a thread
// only between its co_awaits. The same name gives the same lane (0 when tracing is off).
long lane(const char* name);

// A bar on the calling thread's lane (or on `lane`), from construction to destruction.
class Span {
  public:
    Span(const char* name, const char* category, long lane = 0)
        : name_(name),
          category_(category),
          lane_(lane),
          start_(enabled() ? detail::now_ns() : -1) {}
    ~Span() {
        if (start_ >= 0) {
            detail::record('X', name_, category_, start_, detail::now_ns() - start_, 0, lane_);
        }
    }
    Span(const Span&) = delete;
    Span& operator=(const Span&) = delete;

  private:
    const char* name_;
    const char* category_;
    long lane_;
    std::int64_t start_;
};

// For a wait that ends when a guard's constructor returns, which a Span cannot wrap:
//   const auto asked = trace::now();
//   const boost::lock_guard<boost::mutex> guard(mutex);
//   trace::span_since(asked, "waiting for the lock", "wait");
inline std::int64_t now() {
    return enabled() ? detail::now_ns() : -1;
}
inline void span_since(std::int64_t start, const char* name, const char* category) {
    if (start >= 0 && enabled()) {
        detail::record('X', name, category, start, detail::now_ns() - start, 0);
    }
}

// A mark at this moment on the calling thread's lane, or on `lane` (notify, cancel, timeout).
inline void instant(const char* name, const char* category = "signal", long lane = 0) {
    if (enabled()) {
        detail::record('i', name, category, detail::now_ns(), 0, 0, lane);
    }
}

// A number at this moment (queue depth, permits taken): a track of its own.
inline void counter(const char* name, double value) {
    if (enabled()) {
        detail::record('C', name, "counter", detail::now_ns(), 0, value);
    }
}

}  // namespace cookbook::trace
