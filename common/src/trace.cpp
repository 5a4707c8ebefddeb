// The tracer (see cookbook/trace.hpp).
#include "cookbook/trace.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <vector>

namespace cookbook::trace {
namespace detail {
std::atomic<bool> on{false};
}

namespace {

constexpr std::size_t max_events_per_thread = 1 << 16;  // beyond: counted as dropped
constexpr const char* parts_variable = "COOKBOOK_TRACE_PARTS";

struct Event {
    long lane;  // 0: the recording thread's own lane
    char phase;
    const char* name;
    const char* category;
    std::int64_t start_ns, duration_ns;
    double value;
};

struct Lane {  // one thread's events, written only by that thread
    long tid = 0;
    std::string name;
    std::vector<Event> events;
    std::size_t dropped = 0;
};

struct State {
    std::mutex mutex;  // guards `lanes` (a thread's first event, and finish)
    std::vector<std::unique_ptr<Lane>> lanes;
    std::vector<std::pair<std::string, long>> named_lanes;  // trace::lane(): name, id
    std::string path, program, parts;
    long pid = 0, main_tid = 0;
    std::int64_t start_ns = 0;
    int part_fd = -1;  // in a child: where each event goes as it happens
    bool finished = false;
};
State& state() {
    static State* instance = new State;  // never destroyed: threads may record until the end
    return *instance;
}

std::atomic<long> part_events{0};  // a child's cap, like a lane's in the collector
thread_local Lane* my_lane = nullptr;
thread_local long my_lane_pid = 0;  // in a child: the process whose lane this thread has named

long this_tid() {
    return static_cast<long>(::syscall(SYS_gettid));
}

// The calling thread's lane in the collector. (A forked child writes parts and never comes
// here, so a lane inherited across fork() is never used.)
Lane& lane() {
    if (my_lane == nullptr) {
        auto fresh = std::make_unique<Lane>();
        fresh->tid = this_tid();
        fresh->events.reserve(256);
        State& s = state();
        const std::lock_guard guard(s.mutex);
        my_lane = fresh.get();
        s.lanes.push_back(std::move(fresh));
    }
    return *my_lane;
}

boost::json::object event_json(const Event& e, long pid, long tid) {
    boost::json::object json{{"ph", std::string(1, e.phase)},
                             {"name", e.name},
                             {"cat", e.category},
                             {"pid", pid},
                             {"tid", tid},
                             {"ts", double(e.start_ns) / 1e3}};  // microseconds
    if (e.phase == 'X') {
        json["dur"] = double(e.duration_ns) / 1e3;
    } else if (e.phase == 'i') {
        json["s"] = "t";  // an instant on its thread's lane
    } else if (e.phase == 'C') {
        json["args"] = boost::json::object{{"value", e.value}};
    }
    return json;
}

boost::json::object name_json(const char* what, long pid, long tid, const std::string& name) {
    return {{"ph", "M"},
            {"name", what},
            {"pid", pid},
            {"tid", tid},
            {"args", boost::json::object{{"name", name}}}};
}

// A child writes each event at once, one JSON object per line: nothing to lose if it is killed.
void append_line(const boost::json::object& json) {
    const std::string line = boost::json::serialize(json) + "\n";
    [[maybe_unused]] const auto written = ::write(state().part_fd, line.data(), line.size());
}

void open_part(const std::string& program) {
    State& s = state();
    s.pid = ::getpid();
    const std::string file = s.parts + "/" + std::to_string(s.pid) + ".jsonl";
    s.part_fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (s.part_fd < 0) {
        detail::on = false;
        return;
    }
    append_line(name_json("process_name", s.pid, 0,
                          "child " + std::to_string(s.pid) + " (" + program + ")"));
}

// After fork(), in the child: its events are its own, written as a part.
void after_fork_in_child() {
    if (detail::on) {
        State& s = state();
        s.lanes.clear();  // the parent's threads do not exist here
        part_events = 0;
        open_part(s.program);
    }
}

}  // namespace

std::int64_t detail::now_ns() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return std::int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void detail::record(char phase, const char* name, const char* category, std::int64_t start_ns,
                    std::int64_t duration_ns, double value, long lane_id) {
    const Event event{lane_id, phase, name, category, start_ns, duration_ns, value};
    State& s = state();
    if (s.part_fd >= 0) {
        if (part_events.fetch_add(1, std::memory_order_relaxed) >= long(max_events_per_thread)) {
            return;
        }
        if (my_lane_pid != s.pid) {  // this thread's first event here: its lane gets a name
            my_lane_pid = s.pid;
            const long tid = this_tid();
            append_line(name_json("thread_name", s.pid, tid,
                                  tid == s.pid ? "main" : "thread " + std::to_string(tid)));
        }
        append_line(event_json(event, s.pid, lane_id != 0 ? lane_id : this_tid()));
        return;
    }
    Lane& mine = lane();
    if (mine.events.size() < max_events_per_thread) {
        mine.events.push_back(event);
    } else {
        ++mine.dropped;
    }
}

bool start(const std::string& path, const std::string& program) {
    State& s = state();
    s.program = program;
    static std::once_flag fork_handler;
    std::call_once(fork_handler, [] { ::pthread_atfork(nullptr, nullptr, after_fork_in_child); });
    if (const char* parts = std::getenv(parts_variable); parts != nullptr && *parts != '\0') {
        s.parts = parts;  // a child of a traced process, started again with exec
        detail::on = true;
        open_part(program);
        return true;
    }
    if (path.empty()) {
        return true;  // not traced
    }
    // Under mpirun every rank is started apart, with the same arguments: each writes its own
    // file, FILE.rank<N>, instead of all of them one.
    std::string file = path;
    for (const char* variable : {"OMPI_COMM_WORLD_RANK", "PMI_RANK"}) {
        if (const char* rank = std::getenv(variable); rank != nullptr) {
            file = path + ".rank" + rank;
            break;
        }
    }
    if (!std::ofstream(file)) {
        return false;
    }
    s.path = file;
    s.pid = ::getpid();
    s.main_tid = this_tid();
    s.start_ns = detail::now_ns();
    s.parts = file + ".parts";
    std::error_code ignored;
    std::filesystem::remove_all(s.parts, ignored);
    std::filesystem::create_directories(s.parts);
    ::setenv(parts_variable, s.parts.c_str(), 1);  // inherited by every child
    detail::on = true;
    name_thread("main");
    std::atexit(finish);
    return true;
}

void name_thread(const std::string& name) {
    if (!enabled()) {
        return;
    }
    State& s = state();
    if (s.part_fd >= 0) {
        my_lane_pid = s.pid;  // named: no default name needed
        append_line(name_json("thread_name", s.pid, this_tid(), name));
        return;
    }
    lane().name = name;
}

long lane(const char* name) {
    if (!enabled() || *name == '\0') {
        return 0;
    }
    State& s = state();
    const std::lock_guard guard(s.mutex);
    for (const auto& [known, id] : s.named_lanes) {
        if (known == name) {
            return id;
        }
    }
    // Not a thread id: Linux's are below 2^22 (pid_max), so these cannot collide with one.
    const long id = (1L << 24) + long(s.named_lanes.size());
    s.named_lanes.emplace_back(name, id);
    if (s.part_fd >= 0) {
        append_line(name_json("thread_name", s.pid, id, name));
    }
    return id;
}

void finish() {
    State& s = state();
    if (!detail::on || s.part_fd >= 0) {
        return;  // off, or a child: its events are written already (and a forked child must not
    }            // take the mutex, which another of its parent's threads may have held at fork())
    const std::lock_guard guard(s.mutex);
    if (s.finished || s.path.empty()) {
        return;
    }
    s.finished = true;
    detail::on = false;
    boost::json::array events;
    events.push_back(name_json("process_name", s.pid, 0, s.program));
    // The whole run, on the main lane: every other event lies inside it.
    const Event run{0, 'X', "run", "run", s.start_ns, detail::now_ns() - s.start_ns, 0};
    for (const auto& [name, id] : s.named_lanes) {
        events.push_back(name_json("thread_name", s.pid, id, name));
    }
    events.push_back(event_json(run, s.pid, s.main_tid));
    for (const auto& lane : s.lanes) {
        const std::string name =
            lane->name.empty() ? "thread " + std::to_string(lane->tid) : lane->name;
        events.push_back(name_json("thread_name", s.pid, lane->tid, name));
        for (const Event& e : lane->events) {
            events.push_back(event_json(e, s.pid, e.lane != 0 ? e.lane : lane->tid));
        }
        if (lane->dropped > 0) {
            std::fprintf(stderr, "trace: %zu events of %s dropped (more than %zu)\n", lane->dropped,
                         name.c_str(), max_events_per_thread);
        }
    }
    // The children's parts: every line an event; a line cut short by a kill is left out.
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(s.parts, error)) {
        std::ifstream part(entry.path());
        for (std::string line; std::getline(part, line);) {
            boost::system::error_code parse_error;
            boost::json::value value = boost::json::parse(line, parse_error);
            if (!parse_error && value.is_object()) {
                events.push_back(std::move(value));
            }
        }
    }
    std::filesystem::remove_all(s.parts, error);
    std::ofstream file(s.path);
    file << boost::json::serialize(
        boost::json::object{{"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}});
}

}  // namespace cookbook::trace
