#include <boost/test/unit_test.hpp>
#include <set>
#include <sstream>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

#if COOKBOOK_HAVE_BOOST_PROCESS
BOOST_AUTO_TEST_SUITE(spawn_process)

BOOST_AUTO_TEST_CASE(every_child_runs_my_func_and_exits_with_code_0) {
    const auto run = testing::run_recipe("spawn_process", {"--processes", "4", "--work-ms", "10"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(
        testing::line_with(run.out, "exited with code 0: ").find(": 8 of 8") != std::string::npos,
        run.out);
    // my_func(i) prints one "calling" line and i "output" lines, once per part.
    BOOST_TEST(testing::count_lines_with(run.out, "calling my_func from process n°: ") == 8);
    BOOST_TEST(testing::count_lines_with(run.out, "output from my_func is: ") ==
               2 * (0 + 1 + 2 + 3));
    BOOST_TEST(testing::count_lines_with(run.out, "output from my_func is: 2") == 2);
    BOOST_TEST(testing::count_lines_with(run.out, "output from my_func is: 3") == 0);
}

// Every child is a separate process: its [pid N] tag differs from the parent's and from the
// other children's.
BOOST_AUTO_TEST_CASE(children_have_their_own_pids) {
    const auto run = testing::run_recipe("spawn_process", {"--processes", "3", "--work-ms", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const std::string parent = testing::line_with(run.out, "] parent");
    BOOST_TEST_REQUIRE(!parent.empty());
    const std::string parent_tag = parent.substr(0, parent.find(']') + 1);
    BOOST_TEST(parent_tag == "[pid " + std::to_string(run.pid) + "]");
    std::set<std::string> child_tags;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("calling my_func") != std::string::npos) {
            child_tags.insert(line.substr(0, line.find(']') + 1));
        }
    }
    BOOST_TEST(child_tags.size() == 6u);  // 3 children per part, 2 parts
    BOOST_TEST(child_tags.count(parent_tag) == 0u);
}

// One by one takes N waits; all at once overlaps them.
BOOST_AUTO_TEST_CASE(starting_all_before_waiting_overlaps_the_children) {
    const auto run = testing::run_recipe("spawn_process", {"--processes", "6", "--work-ms", "150"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const auto one_by_one = testing::number_after(run.out, "one by one: ");
    const auto all_at_once = testing::number_after(run.out, "then wait all:  ");
    BOOST_TEST_REQUIRE(one_by_one.has_value());
    BOOST_TEST_REQUIRE(all_at_once.has_value());
    BOOST_TEST(*one_by_one >= 6 * 0.150);
    BOOST_TEST(*all_at_once < *one_by_one / 2);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--processes", "abc"}, {"--processes", "0"}, {"--work-ms", "-1"}, {"--fork"}}) {
        const auto run = testing::run_recipe("spawn_process", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
    const auto help = testing::run_recipe("spawn_process", {"--help"});
    BOOST_TEST(help.status.ok());
    BOOST_TEST(help.out.find("--processes") != std::string::npos);
    BOOST_TEST(help.out.find("--child") == std::string::npos);  // internal: not in the help
}

BOOST_AUTO_TEST_SUITE_END()
#else
// Without the Boost.Process library the recipe is not built; this case only says so in
// --list_content, and is disabled, so that CTest does not register a test that checks nothing.
BOOST_AUTO_TEST_CASE(spawn_process_not_built,
                     *boost::unit_test::disabled() *
                         boost::unit_test::description("Boost.Process v2 cannot be linked here")) {}
#endif
