#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(exit_status)

BOOST_AUTO_TEST_CASE(the_parent_reports_each_childs_outcome) {
    const auto run = testing::run_recipe("exit_status");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "outcomes as expected: ") ==
               "outcomes as expected: 6 of 6");
    BOOST_TEST(
        testing::line_with(run.out, "child 0 ").find(": exit code 0 (Python's exitcode 0)") !=
        std::string::npos);
    BOOST_TEST(
        testing::line_with(run.out, "child 1 ").find(": exit code 3 (Python's exitcode 3)") !=
        std::string::npos);
    BOOST_TEST(
        testing::line_with(run.out, "child 2 ").find(": exit code 1 (Python's exitcode 1)") !=
        std::string::npos);
    BOOST_TEST(testing::line_with(run.out, "child 3 ")
                   .find(": killed by signal 6 (SIGABRT) (Python's exitcode -6)") !=
               std::string::npos);
    BOOST_TEST(testing::line_with(run.out, "child 4 ")
                   .find(": killed by signal 15 (SIGTERM) (Python's exitcode -15)") !=
               std::string::npos);
    BOOST_TEST(testing::line_with(run.out, "child 5 ")
                   .find(": killed by signal 9 (SIGKILL) (Python's exitcode -9)") !=
               std::string::npos);
    BOOST_TEST(testing::count_lines_with(run.out, "UNEXPECTED") == 0);
}

// The exception's message reaches the parent: caught and reported by the child, or printed by
// std::terminate on the way to abort().
BOOST_AUTO_TEST_CASE(exception_messages_reach_the_parent) {
    const auto run = testing::run_recipe("exit_status");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(
                   run.out, "its last line on stderr: error: child caught: division by zero") == 1,
               run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "its last line on stderr:") >= 2, run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "division by zero") == 2, run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--children", "3"}, {"all"}, {"--child", "x"}, {"--child"}}) {
        const auto run = testing::run_recipe("exit_status", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
