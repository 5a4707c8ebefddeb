#include "cookbook/questions.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cookbook/temp_dir.hpp"

using cookbook::questions::Better;
using cookbook::questions::Report;

namespace {

// A Report parsed from these arguments (after the program's name).
Report make_report(std::vector<std::string> args, const std::string& twin = "twin.py") {
    args.insert(args.begin(), "questions");
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    return Report(static_cast<int>(argv.size()), argv.data(), "ch00", twin);
}

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream file(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) {
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(questions)

// Larger is better for C++ in both ratios: other/cpp for a time, cpp/other for a rate.
BOOST_AUTO_TEST_CASE(ratios_favour_cpp_for_times_and_rates) {
    cookbook::TempDir dir("questions_test");
    const std::string csv = dir.file("rows.csv");
    Report report = make_report({"--no-python", "--csv", csv});
    report.add_python("start/time", 10.0, "7");
    report.add_python("move/rate", 20.0);
    report.add({"start", "time", "us", Better::lower, 2.0, 1.0, "7"});
    report.add({"move", "rate", "msg/s", Better::higher, 100.0, 200.0, ""});
    report.add({"alone", "x", "us", Better::lower, 4.0, {}, ""});
    BOOST_TEST(report.finish() == 0);
    const auto lines = lines_of(csv);
    BOOST_TEST_REQUIRE(lines.size() == 4u);
    BOOST_TEST(lines[0] == "chapter,question,unit,cpp,python,limit,cpp_vs_python,cpp_vs_limit");
    BOOST_TEST(lines[1] == "ch00,start/time,us,2,10,1,5,0.5");
    BOOST_TEST(lines[2] == "ch00,move/rate,msg/s,100,20,200,5,0.5");
    BOOST_TEST(lines[3] == "ch00,alone/x,us,4,,,,");  // nothing to compare with: empty
}

// The twin computed something else: the figures are not comparable, and the run fails.
BOOST_AUTO_TEST_CASE(a_result_that_disagrees_with_the_twin_fails_the_run) {
    Report report = make_report({"--no-python"});
    report.add_python("sum/threads", 1.0, "499500");
    report.add({"sum", "threads", "us", Better::lower, 1.0, {}, "499501"});
    BOOST_TEST(report.finish() == 1);
}

// The twin is run by python3 and its lines "row,value,result" fill the Python column.
BOOST_AUTO_TEST_CASE(the_twin_s_lines_become_the_python_column) {
    Report probe = make_report({});
    if (!probe.python_available()) {
        BOOST_TEST_MESSAGE("no python3 here: nothing to run the twin with");
        return;
    }
    cookbook::TempDir dir("questions_test");
    const std::string twin = dir.file("twin.py"), csv = dir.file("rows.csv");
    std::ofstream(twin) << "import sys\n"
                           "print('sum/threads,' + ('2.5' if '--quick' in sys.argv else '9') + "
                           "',42')\nprint('not a figure')\n";
    Report report = make_report({"--quick", "--csv", csv}, twin);
    report.run_twin();
    report.add({"sum", "threads", "s", Better::lower, 0.5, {}, "42"});
    BOOST_TEST(report.finish() == 0);
    const auto lines = lines_of(csv);
    BOOST_TEST_REQUIRE(lines.size() == 2u);
    BOOST_TEST(lines[1] == "ch00,sum/threads,s,0.5,2.5,,5,");
}

BOOST_AUTO_TEST_CASE(numbers_for_people) {
    using cookbook::questions::human;
    BOOST_TEST(human(2.87e8) == "287 M");
    BOOST_TEST(human(1234.5) == "1.23 k");
    BOOST_TEST(human(21.53) == "21.5");
    BOOST_TEST(human(0.0123) == "0.0123");
    BOOST_TEST(human(4.0e9) == "4 G");
}

BOOST_AUTO_TEST_CASE(resident_memory_grows_with_what_is_touched) {
    const long before = cookbook::questions::resident_bytes();
    std::vector<char> block(64 << 20, 1);  // 64 MiB, every page written
    const long after = cookbook::questions::resident_bytes();
    BOOST_TEST(before > 0);
    BOOST_TEST(after - before >= (48L << 20));
    BOOST_TEST(block[12345] == 1);
}

BOOST_AUTO_TEST_SUITE_END()
