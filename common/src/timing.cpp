#include "cookbook/timing.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cookbook/console.hpp"

namespace cookbook {

void ResultTable::add(std::string name, double seconds, int workers) {
    const double baseline = rows_.size() == group_start_ ? seconds : rows_[group_start_].seconds;
    const double speedup = seconds > 0 ? baseline / seconds : 0.0;
    const double efficiency = workers > 0 ? speedup / workers : 0.0;
    rows_.push_back({group_, std::move(name), seconds, workers, speedup, efficiency});
}

void ResultTable::start_group(std::string group) {
    group_ = std::move(group);
    group_start_ = rows_.size();
}

std::string ResultTable::render() const {
    std::size_t name_width = 4;
    double slowest = 0;
    for (const auto& row : rows_) {
        name_width = std::max(name_width, row.name.size());
        slowest = std::max(slowest, row.seconds);
    }
    const int width = static_cast<int>(name_width);
    std::ostringstream out;
    char buffer[160];
    out << title_ << '\n';
    std::snprintf(buffer, sizeof buffer, "  %-*s %10s %8s %8s %11s\n", width, "name", "seconds",
                  "workers", "speedup", "efficiency");
    out << buffer;
    constexpr int bar_width = 30;
    const std::string* group = nullptr;
    for (const auto& row : rows_) {
        if (!row.group.empty() && (group == nullptr || *group != row.group)) {
            out << " " << row.group << '\n';
            group = &row.group;
        }
        const int bar = slowest > 0 ? static_cast<int>(bar_width * row.seconds / slowest + 0.5) : 0;
        std::snprintf(buffer, sizeof buffer, "  %-*s %10.4f %8d %7.2fx %10.0f%% ", width,
                      row.name.c_str(), row.seconds, row.workers, row.speedup,
                      row.efficiency * 100);
        out << buffer << std::string(static_cast<std::size_t>(std::max(bar, 1)), '#') << '\n';
    }
    return out.str();
}

void ResultTable::print() const {
    std::string text = render();
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    console::line(text);
}

std::string ResultTable::csv() const {
    std::ostringstream out;
    out << "name,seconds,workers,speedup,efficiency\n";
    for (const auto& row : rows_) {
        out << '"' << (row.group.empty() ? "" : row.group + ": ") << row.name << "\","
            << row.seconds << ',' << row.workers << ',' << row.speedup << ',' << row.efficiency
            << '\n';
    }
    return out.str();
}

bool ResultTable::write_csv(const std::string& path) const {
    std::error_code ignored;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::filesystem::create_directories(parent, ignored);
    }
    std::ofstream file(path);
    file << csv();
    if (!file.flush()) {
        console::error("cannot write ", path);
        return false;
    }
    return true;
}

}  // namespace cookbook
