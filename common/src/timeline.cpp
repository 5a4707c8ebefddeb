// Reading a trace file back (see cookbook/timeline.hpp).
#include "cookbook/timeline.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

namespace cookbook::trace {

Timeline read_timeline(const std::string& path) {
    Timeline timeline;
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    boost::system::error_code error;
    const boost::json::value root = boost::json::parse(text.str(), error);
    if (error || !root.is_object() || !root.as_object().contains("traceEvents")) {
        timeline.problems.push_back(path + ": not a trace-event JSON file");
        return timeline;
    }
    const auto& events = root.at("traceEvents").as_array();
    std::map<long, std::string> processes;
    std::map<std::pair<long, long>, std::string> threads;
    double run_start = -1, run_end = -1;
    long collector = -1;
    for (const auto& value : events) {  // first the names and the run
        const auto& e = value.as_object();
        const std::string phase(e.at("ph").as_string());
        const long pid = e.at("pid").to_number<long>(), tid = e.at("tid").to_number<long>();
        if (phase == "M") {
            timeline.pids.insert(pid);  // a process that named itself, even if it recorded nothing
            const std::string name(e.at("args").at("name").as_string());
            if (e.at("name").as_string() == "process_name") {
                processes[pid] = name;
            } else {
                threads[{pid, tid}] = name;
            }
        } else if (phase == "X" && e.at("name").as_string() == "run") {
            run_start = e.at("ts").to_number<double>();
            run_end = run_start + e.at("dur").to_number<double>();
            collector = pid;
        }
    }
    if (run_start < 0) {
        timeline.problems.push_back("no \"run\" span: the collector did not finish");
        return timeline;
    }
    timeline.run_ms = (run_end - run_start) / 1e3;
    std::map<std::pair<long, long>, std::size_t> lane_of;
    auto lane = [&](long pid, long tid) {
        auto [at, added] = lane_of.try_emplace({pid, tid}, 0);
        if (added) {
            Lane fresh{pid, tid, processes.count(pid) ? processes[pid] : "",
                       threads.count({pid, tid}) ? threads[{pid, tid}] : ""};
            if (fresh.process.empty() || fresh.name.empty()) {
                timeline.problems.push_back("lane " + std::to_string(pid) + "/" +
                                            std::to_string(tid) + " has no name");
            }
            timeline.lanes.push_back(fresh);
            at->second = timeline.lanes.size() - 1;
        }
        return at->second;
    };
    const double slack_us = 1000;  // the clock is read a moment apart in different processes
    for (const auto& value : events) {
        const auto& e = value.as_object();
        const std::string phase(e.at("ph").as_string());
        if (phase == "M") {
            continue;
        }
        const long pid = e.at("pid").to_number<long>(), tid = e.at("tid").to_number<long>();
        const std::string name(e.at("name").as_string());
        const double ts = e.at("ts").to_number<double>();
        const double end = phase == "X" ? ts + e.at("dur").to_number<double>() : ts;
        timeline.pids.insert(pid);
        if (phase == "X" && (!e.contains("dur") || e.at("dur").to_number<double>() < 0)) {
            timeline.problems.push_back("span \"" + name + "\" has no end");
        }
        if (ts < run_start - slack_us || end > run_end + slack_us) {
            timeline.problems.push_back("\"" + name + "\" lies outside the run");
        }
        if (phase == "X" && name != "run") {
            timeline.bars.push_back({lane(pid, tid), (ts - run_start) / 1e3,
                                     (end - run_start) / 1e3, name,
                                     std::string(e.at("cat").as_string())});
        } else if (phase == "i") {
            timeline.marks.push_back({lane(pid, tid), (ts - run_start) / 1e3, name});
        } else if (phase == "C") {
            ++timeline.counters;
        } else if (name == "run") {
            lane(pid, tid);
        }
    }
    // The collector's lanes first, then each child's; in a process, main first.
    std::vector<std::size_t> order(timeline.lanes.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Lane &x = timeline.lanes[a], &y = timeline.lanes[b];
        const auto key = [&](const Lane& l) {
            return std::make_tuple(l.pid != collector, l.pid, l.tid != l.pid, l.tid);
        };
        return key(x) < key(y);
    });
    std::vector<std::size_t> new_index(order.size());
    std::vector<Lane> sorted;
    for (std::size_t i = 0; i < order.size(); ++i) {
        new_index[order[i]] = i;
        sorted.push_back(timeline.lanes[order[i]]);
    }
    timeline.lanes = std::move(sorted);
    for (auto& bar : timeline.bars) {
        bar.lane = new_index[bar.lane];
    }
    for (auto& mark : timeline.marks) {
        mark.lane = new_index[mark.lane];
    }
    return timeline;
}

}  // namespace cookbook::trace
