// The benchmark questions of `./cookbook bench`: what a Python programmer gains in C++, and
// how close that is to what the machine can do, measured side by side in one run.
//
// Each chapter has a program <chapter>_questions (bench/questions.cpp) and a Python twin
// (bench/python/questions.py, standard library only) that does the same workloads. The C++
// program measures its variants and the machine's limit (a raw POSIX or std baseline), runs
// the twin once (`python3 questions.py [--quick] [extra...]`, which prints one line
// "question/variant,value,result" per figure) and writes one row per C++ variant:
//
//   chapter,question,unit,cpp,python,limit,cpp_vs_python,cpp_vs_limit
//
// The ratios are oriented so that larger is better for C++: for a time python/cpp and
// limit/cpp, for a rate cpp/python and cpp/limit; empty where a figure is missing. Where both
// sides report a result (a sum, a count), they must agree, or the program exits with 1.
//
//   cookbook::questions::Report report(argc, argv, "ch02", COOKBOOK_TWIN);
//   report.run_twin();
//   report.add({.question = "thread_start_join", .variant = "boost_thread", .unit = "us",
//               .better = Better::lower, .cpp = 21.5, .limit = 19.8, .result = "2000"});
//   return report.finish();
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cookbook::questions {

enum class Better { lower, higher };  // a time (lower is better) or a rate (higher is better)

struct Figure {
    std::string question;  // one of the names: "queue_2_threads"
    std::string variant;   // which C++ way: "spsc"; the row is "queue_2_threads/spsc"
    std::string unit;      // "us", "msg/s", "x" ...
    Better better = Better::lower;
    double cpp = 0;
    std::optional<double> limit;
    std::string result;  // what the workload computed, to compare with the twin's; or empty
};

class Report {
  public:
    // Reads --quick (small sizes, for the test), --csv FILE (where the rows go) and
    // --no-python. `twin` is the path of the chapter's Python twin.
    Report(int argc, char* argv[], std::string chapter, std::string twin);

    bool quick() const { return quick_; }
    // The size of a workload: `small` with --quick, else `full`.
    long size(long small, long full) const { return quick_ ? small : full; }

    // Runs the twin (at most `timeout`) and keeps its figures for the rows added later. Without
    // python3 (or with --no-python) it says so once, and the Python column stays empty.
    void run_twin(const std::vector<std::string>& extra = {},
                  std::chrono::seconds timeout = std::chrono::seconds(600));
    // A Python figure this program measured itself (a Python server under a C++ load).
    void add_python(const std::string& row, double value, const std::string& result = {});
    bool python_available() const;
    std::string python() const;  // the python3 that run_twin() runs; empty if none

    void add(const Figure& figure);

    // Prints the table, writes the CSV, reports results that disagree. 0 if all is well.
    int finish() const;

  private:
    struct PythonFigure {
        double value;
        std::string result;
    };
    std::string chapter_, twin_, csv_;
    bool quick_ = false, no_python_ = false;
    std::map<std::string, PythonFigure> python_;
    std::vector<Figure> figures_;
};

// The best (smallest) of `repeats` timings of `work()`, in seconds: the run least disturbed
// by the rest of the machine.
template <class Work>
double best_seconds(int repeats, Work&& work) {
    double best = 1e300;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        best = took.count() < best ? took.count() : best;
    }
    return best;
}

// This process's resident memory, in bytes (VmRSS from /proc/self/status); 0 if unknown.
long resident_bytes();

// A number for people, three significant digits: 2.87e+08 -> "287 M", 1234.5 -> "1.23 k",
// 0.0123 -> "0.0123".
std::string human(double value);

}  // namespace cookbook::questions
