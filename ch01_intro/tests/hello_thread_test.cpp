#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(hello_thread)

BOOST_AUTO_TEST_CASE(every_thread_reports_back_from_the_same_process) {
    const auto run = testing::run_recipe("hello_thread", {"--threads", "6"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "through shared memory: ").find(": 6 of 6") !=
                   std::string::npos,
               run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "hello from thread") == 6);
    // One process: every line names the same pid, the recipe's own.
    const std::string pid = "[pid " + std::to_string(run.pid) + "]";
    BOOST_TEST(testing::count_lines_with(run.out, pid) == 7, run.out);
    for (int i = 0; i < 6; ++i) {
        BOOST_TEST(testing::count_lines_with(run.out, "[thread " + std::to_string(i) + "] hello") ==
                   1);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "hello_thread", {{"--threads", "0"}, {"--threads", "abc"}, {"--threads"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
