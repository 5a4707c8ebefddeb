// The benchmark questions' report (see cookbook/questions.hpp).
#include "cookbook/questions.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cookbook/child.hpp"
#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/temp_dir.hpp"

namespace cookbook::questions {
namespace {

// python3 on the PATH, as a path execv() can run; empty if there is none.
std::string find_python() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/python3";
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

std::string cell(const std::optional<double>& value) {
    if (!value) {
        return "";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", *value);
    return text;
}

// Larger is better for C++: other/cpp for a time, cpp/other for a rate.
std::optional<double> ratio(const Figure& figure, const std::optional<double>& other) {
    if (!other || *other <= 0 || figure.cpp <= 0) {
        return std::nullopt;
    }
    return figure.better == Better::lower ? *other / figure.cpp : figure.cpp / *other;
}

std::string padded(std::string text, std::size_t width) {
    text.resize(std::max(width, text.size()), ' ');
    return text;
}

}  // namespace

Report::Report(int argc, char* argv[], std::string chapter, std::string twin)
    : chapter_(std::move(chapter)), twin_(std::move(twin)) {
    cli::Options options(chapter_ + "_questions",
                         "The benchmark questions of " + chapter_ + ": C++, CPython, the limit.");
    options.flag("quick", quick_, "small workloads, a few seconds in all (for the test)")
        .text("csv", csv_, "write the rows to this CSV file")
        .flag("no-python", no_python_, "leave the Python column empty");
    options.parse(argc, argv);
}

bool Report::python_available() const {
    return !python().empty();
}

std::string Report::python() const {
    return no_python_ ? std::string() : find_python();
}

void Report::run_twin(const std::vector<std::string>& extra, std::chrono::seconds timeout) {
    const std::string python = this->python();
    if (python.empty()) {
        console::line(no_python_ ? "python: --no-python, the Python column stays empty"
                                 : "python: no python3 on the PATH, the Python column stays empty");
        return;
    }
    TempDir dir("questions");
    const std::string out = dir.file("twin.csv");
    std::vector<std::string> args{twin_};
    if (quick_) {
        args.push_back("--quick");
    }
    args.insert(args.end(), extra.begin(), extra.end());
    ChildOptions options;
    options.stdout_file = out;
    options.stdin_from_null = true;
    Child twin(python, args, options);
    const ExitStatus status = twin.wait(timeout);
    if (!status.ok()) {
        console::error("the Python twin ", twin_, " ended with ", status.describe());
    }
    std::ifstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find(','), second = line.find(',', first + 1);
        if (first == std::string::npos || second == std::string::npos) {
            continue;  // not a figure
        }
        python_[line.substr(0, first)] = {std::stod(line.substr(first + 1, second - first - 1)),
                                          line.substr(second + 1)};
    }
}

void Report::add_python(const std::string& row, double value, const std::string& result) {
    python_[row] = {value, result};
}

void Report::add(const Figure& figure) {
    figures_.push_back(figure);
    const std::string row = figure.question + "/" + figure.variant;
    console::line("  ", padded(row, 44), human(figure.cpp), " ", figure.unit);
}

int Report::finish() const {
    std::ostringstream csv;
    csv << "chapter,question,unit,cpp,python,limit,cpp_vs_python,cpp_vs_limit\n";
    console::line("\n", padded("question", 44), padded("unit", 15), padded("C++", 10),
                  padded("Python", 10), padded("limit", 10), padded("C++/Py", 8), "C++/limit");
    int compared = 0, disagreed = 0;
    for (const Figure& figure : figures_) {
        const std::string row = figure.question + "/" + figure.variant;
        std::optional<double> python;
        if (auto found = python_.find(row); found != python_.end()) {
            python = found->second.value;
            if (!figure.result.empty() && !found->second.result.empty()) {
                ++compared;
                if (figure.result != found->second.result) {
                    ++disagreed;
                    console::error(row, ": C++ computed ", figure.result, ", Python ",
                                   found->second.result);
                }
            }
        }
        const auto vs_python = ratio(figure, python), vs_limit = ratio(figure, figure.limit);
        csv << chapter_ << ',' << row << ',' << figure.unit << ',' << cell(figure.cpp) << ','
            << cell(python) << ',' << cell(figure.limit) << ',' << cell(vs_python) << ','
            << cell(vs_limit) << '\n';
        const auto shown = [](const std::optional<double>& value, const char* suffix = "") {
            return value ? human(*value) + suffix : std::string("-");
        };
        console::line(padded(row, 44), padded(figure.unit, 15), padded(human(figure.cpp), 10),
                      padded(shown(python), 10), padded(shown(figure.limit), 10),
                      padded(shown(vs_python, "x"), 8), shown(vs_limit, "x"));
    }
    console::line("results compared with the Python twin's: ", compared,
                  ", disagreeing: ", disagreed);
    if (!csv_.empty()) {
        const auto parent = std::filesystem::path(csv_).parent_path();
        if (!parent.empty()) {
            std::filesystem::create_directories(parent);
        }
        std::ofstream file(csv_);
        file << csv.str();
        if (!file.flush()) {
            console::error("cannot write ", csv_);
            return 1;
        }
    }
    return disagreed == 0 ? 0 : 1;
}

long resident_bytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stol(line.substr(6)) * 1024;  // "VmRSS:    1234 kB"
        }
    }
    return 0;
}

std::string human(double value) {
    static const char* const prefixes[] = {"", " k", " M", " G", " T"};
    int index = 0;
    double shown = value;
    while (std::fabs(shown) >= 1000 && index < 4) {
        shown /= 1000;
        ++index;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.3g%s", shown, prefixes[index]);
    return text;
}

}  // namespace cookbook::questions
