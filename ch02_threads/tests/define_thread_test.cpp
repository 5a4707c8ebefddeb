#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(define_thread)

BOOST_AUTO_TEST_CASE(every_thread_runs_once_with_its_argument) {
    const auto run = testing::run_recipe("define_thread", {"--threads", "7", "--work-ms", "20"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "own argument: ").find(": 7 of 7") != std::string::npos,
               run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "my_func called with") == 14);
    for (int i = 0; i < 7; ++i) {  // each argument appears once per part
        const std::string line =
            "[thread " + std::to_string(i) + "] my_func called with " + std::to_string(i) + "\n";
        BOOST_TEST(testing::count_lines_with(run.out, line.substr(0, line.size() - 1)) == 2);
    }
}

// Start-then-join in one loop runs the threads one after another; start-all overlaps them.
BOOST_AUTO_TEST_CASE(starting_all_before_joining_overlaps_the_threads) {
    const auto run = testing::run_recipe("define_thread", {"--threads", "8", "--work-ms", "50"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const auto one_by_one = testing::number_after(run.out, "one by one: ");
    const auto all_at_once = testing::number_after(run.out, "then join all:  ");
    BOOST_TEST_REQUIRE(one_by_one.has_value());
    BOOST_TEST_REQUIRE(all_at_once.has_value());
    BOOST_TEST(*one_by_one >= 8 * 0.050);  // eight waits, one after another
    BOOST_TEST(*all_at_once < *one_by_one / 2);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "define_thread",
        {{"--threads", "abc"}, {"--threads", "0"}, {"--work-ms", "-5"}, {"--frobnicate"}});
}

BOOST_AUTO_TEST_SUITE_END()
