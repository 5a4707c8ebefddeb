// A trace file (cookbook/trace.hpp) read back, and checked: what `./cookbook trace` draws and
// what the tests check.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace cookbook::trace {

struct Lane {
    long pid = 0, tid = 0;
    std::string process, name;  // "ch02_lock", "worker 2"
};
struct Bar {  // a span
    std::size_t lane;
    double start_ms, end_ms;  // from the start of the run
    std::string name, category;
};
struct Mark {  // an instant
    std::size_t lane;
    double at_ms;
    std::string name;
};

struct Timeline {
    std::vector<Lane> lanes;  // ordered by process (the collector first), then thread
    std::vector<Bar> bars;
    std::vector<Mark> marks;
    std::size_t counters = 0;  // counter samples
    std::set<long> pids;       // every process in the file
    double run_ms = 0;         // the collector's run, start to finish
    // What is wrong, if anything: not JSON, a span with no end or outside the run, a lane
    // without a name, no "run" span.
    std::vector<std::string> problems;
};

Timeline read_timeline(const std::string& path);

}  // namespace cookbook::trace
