// cookbook_trace_lanes TRACE.json PREFIX: reads a trace (cookbook/trace.hpp), checks it, and
// writes what common/scripts/trace_chart.gp draws: PREFIX.bars (lane, start ms, end ms, colour),
// PREFIX.marks (lane, ms, name) and PREFIX.gp (the lanes' names, the axes, the legend).
// Prints a one-line summary; exit 1 if the trace has a problem (each is printed), 2 on bad use.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "cookbook/timeline.hpp"

namespace {

// One colour per kind of span; a kind not listed here is drawn grey.
const std::map<std::string, std::string> colours = {
    {"work", "#2f6db5"},  {"hold", "#2ca02c"},  {"wait", "#d62728"}, {"sleep", "#9e9e9e"},
    {"await", "#9467bd"}, {"queue", "#e8a33d"}, {"io", "#17becf"}};

std::string quoted(std::string text) {  // for a gnuplot string in double quotes
    std::string out;
    for (char c : text) {
        out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    }
    return "\"" + out + "\"";
}

}  // namespace

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: cookbook_trace_lanes TRACE.json PREFIX\n");
        return 2;
    }
    const auto timeline = cookbook::trace::read_timeline(argv[1]);
    for (const auto& problem : timeline.problems) {
        std::fprintf(stderr, "trace problem: %s\n", problem.c_str());
    }
    if (!timeline.problems.empty()) {
        return 1;
    }
    const std::string prefix = argv[2];
    std::ofstream bars(prefix + ".bars"), marks(prefix + ".marks"), settings(prefix + ".gp");
    std::map<std::string, bool> used;
    auto sorted = timeline.bars;  // the longest first: a wait inside a hold is drawn over it
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.end_ms - a.start_ms > b.end_ms - b.start_ms;
    });
    for (const auto& bar : sorted) {
        const auto found = colours.find(bar.category);
        const std::string colour = found == colours.end() ? "#bbbbbb" : found->second;
        used[found == colours.end() ? "other" : bar.category] = true;
        bars << bar.lane << ' ' << bar.start_ms << ' ' << bar.end_ms << ' ' << "0x"
             << colour.substr(1) << '\n';
    }
    for (const auto& mark : timeline.marks) {
        marks << mark.lane << ' ' << mark.at_ms << ' ' << quoted(mark.name) << '\n';
    }
    if (timeline.marks.empty()) {
        marks << "-1 -1 \"\"\n";  // gnuplot refuses an empty file; this point is off the chart
    }
    const std::size_t lanes = timeline.lanes.size();
    settings << "lanes = " << lanes << "\nrun_ms = " << timeline.run_ms
             << "\nhas_marks = " << (timeline.marks.empty() ? 0 : 1) << "\nset ytics (";
    for (std::size_t i = 0; i < lanes; ++i) {
        const auto& lane = timeline.lanes[i];
        const bool child = lane.pid != timeline.lanes[0].pid;
        settings << (i ? ", " : "")
                 << quoted(child ? lane.name + " (pid " + std::to_string(lane.pid) + ")"
                                 : lane.name)
                 << ' ' << i;
    }
    settings << ")\nlegend = \"\"\n";
    for (const auto& [kind, colour] : colours) {
        if (used.count(kind)) {
            settings << "legend = legend . \", keyentry with boxes fc rgb '" << colour
                     << "' fs solid title '" << kind << "'\"\n";
        }
    }
    if (used.count("other")) {
        settings << "legend = legend . \", keyentry with boxes fc rgb '#bbbbbb' fs solid title "
                    "'other'\"\n";
    }
    std::printf("%zu lanes in %zu processes, %zu spans, %zu marks, %zu counter samples, %.1f ms\n",
                lanes, timeline.pids.size(), timeline.bars.size(), timeline.marks.size(),
                timeline.counters, timeline.run_ms);
    return 0;
}
