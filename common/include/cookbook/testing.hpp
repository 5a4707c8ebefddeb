// Helpers for the chapters' test suites: run a recipe as a child process with a time limit,
// capture what it printed, and read the facts out of its summary lines.
//
//   const auto run = testing::run_recipe("lock", {"--threads", "4"});
//   BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
//   BOOST_TEST(testing::number_after(run.out, "final counter: ") == 400000);
//   BOOST_TEST(testing::is_usage_error(testing::run_recipe("lock", {"--threads", "0"})));
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cookbook/child.hpp"
#include "cookbook/temp_dir.hpp"
#include "cookbook/timeline.hpp"

// Test executables (cookbook_tests() defines COOKBOOK_RECIPE_DIR) also get the helpers that
// use Boost.Test, at the end of this file.
#if defined(COOKBOOK_RECIPE_DIR)
#include <boost/test/unit_test.hpp>
#endif

namespace cookbook::testing {

struct RunResult {
    ExitStatus status;
    bool timed_out = false;  // it ran past the limit and was terminated
    long pid = 0;
    std::string out;                     // everything it wrote to stdout
    std::string err;                     // everything it wrote to stderr
    std::vector<std::string> leftovers;  // its objects still in /dev/shm after it ended

    // For test messages: "exit code 1; stderr: ...".
    std::string describe() const;
};

// Runs a program to its end (stdin from /dev/null), terminating it after `limit`.
RunResult run(const std::string& program, const std::vector<std::string>& args,
              std::chrono::milliseconds limit = std::chrono::seconds(60));

// The number printed right after `label` on the last line that contains it:
// number_after("final counter: 400 (expected 400)", "final counter: ") == 400.
std::optional<double> number_after(std::string_view text, std::string_view label);

// The last line that contains `needle` (empty if none).
std::string line_with(std::string_view text, std::string_view needle);

// Whether `text` has a line exactly equal to `line`.
bool has_line(std::string_view text, std::string_view line);

// How many lines contain `needle`.
int count_lines_with(std::string_view text, std::string_view needle);

// The project's convention for bad input: exit status 2 and exactly one stderr line, which
// starts with "error: ".
bool is_usage_error(const RunResult& run);

// An example in a chapter guide (README.md): a line "Run it: `./cookbook run ch02 lock -- ARGS`"
// followed by a fenced block of real output whose last line is the recipe's summary line.
struct ReadmeExample {
    std::string recipe;
    std::vector<std::string> args;
    std::string summary;  // the last line of the quoted output
};
std::vector<ReadmeExample> readme_examples(const std::string& readme_path);

// A chapter's manifest (recipes.tsv, written by cookbook_recipe()): name, path and how to run
// each recipe ("direct", "mpi:N", or "skipped:why" for one this machine could not build), in
// book order.
struct ManifestEntry {
    std::string name;
    std::string path;
    std::string runner;
};
std::vector<ManifestEntry> read_manifest(const std::string& manifest_path);

// Runs a manifest entry: directly, or under mpirun (found on the PATH) for "mpi:N".
RunResult run_entry(const ManifestEntry& entry, const std::vector<std::string>& args,
                    std::chrono::milliseconds limit = std::chrono::seconds(120));

// The path of one of the chapter's recipes. The chapter's test target defines
// COOKBOOK_RECIPE_DIR and COOKBOOK_PREFIX (see cookbook_tests() in Cookbook.cmake).
#if defined(COOKBOOK_RECIPE_DIR) && defined(COOKBOOK_PREFIX)
inline std::string recipe_path(std::string_view name) {
    return std::string(COOKBOOK_RECIPE_DIR "/" COOKBOOK_PREFIX "_") + std::string(name);
}
inline RunResult run_recipe(std::string_view name, const std::vector<std::string>& args = {},
                            std::chrono::milliseconds limit = std::chrono::seconds(60)) {
    return run(recipe_path(name), args, limit);
}

// Every argument list must be rejected the project's way (exit 2, one "error:" line), and
// --help must print the usage and exit 0.
inline void check_usage_errors(std::string_view name,
                               const std::vector<std::vector<std::string>>& bad_inputs) {
    for (const auto& args : bad_inputs) {
        std::string shown;
        for (const auto& arg : args) {
            shown += " " + arg;
        }
        const RunResult result = run_recipe(name, args);
        BOOST_TEST(is_usage_error(result), "arguments" << shown << ": " << result.describe());
    }
    const RunResult help = run_recipe(name, {"--help"});
    BOOST_TEST((help.status.ok() && help.out.rfind("usage: ", 0) == 0), help.describe());
}

// Runs a recipe without and with --trace FILE. Both must succeed and print the same line
// containing `needle` (the checked result: tracing never changes it). The file must read back
// without a problem (every span closed and inside the run, every lane named), from at least
// `processes` processes, with at least one span.
inline void check_traced(std::string_view name, std::vector<std::string> args,
                         std::string_view needle, std::size_t processes = 1) {
    const RunResult plain = run_recipe(name, args);
    TempDir dir("trace_test");
    const std::string path = dir.file("trace.json");
    args.insert(args.end(), {"--trace", path});
    const RunResult traced = run_recipe(name, args);
    BOOST_TEST_REQUIRE(plain.status.ok(), plain.describe());
    BOOST_TEST_REQUIRE(traced.status.ok(), traced.describe());
    const std::string result = line_with(plain.out, needle);
    BOOST_TEST(!result.empty(), plain.out);
    BOOST_TEST(line_with(traced.out, needle) == result);
    const trace::Timeline timeline = trace::read_timeline(path);
    std::string problems;
    for (const auto& problem : timeline.problems) {
        problems += problem + "; ";
    }
    BOOST_TEST(timeline.problems.empty(), problems);
    BOOST_TEST(timeline.pids.size() >= processes);
    BOOST_TEST(!timeline.bars.empty());
    for (const auto& lane : timeline.lanes) {
        BOOST_TEST((!lane.name.empty() && !lane.process.empty()), lane.pid << "/" << lane.tid);
    }
}
#endif

}  // namespace cookbook::testing

#if defined(COOKBOOK_RECIPE_DIR)
// Lets BOOST_TEST(number_after(...) == 400.0) print the value, or "(none)", when it fails.
template <class T>
struct boost::test_tools::tt_detail::print_log_value<std::optional<T>> {
    void operator()(std::ostream& out, const std::optional<T>& value) {
        if (value) {
            out << *value;
        } else {
            out << "(none)";
        }
    }
};
#endif
