#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(hello_coroutine)

BOOST_AUTO_TEST_CASE(coroutines_interleave_on_one_thread) {
    const auto run = testing::run_recipe("hello_coroutine", {"--steps", "4", "--step-ms", "30"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(
                   run.out, "steps: 16 on 1 thread: yes; spawned coroutines interleaved: yes") == 1,
               run.out);
    // Every step names the main thread's id.
    const std::string main_line = testing::line_with(run.out, "[main] thread ");
    const std::string main_id = main_line.substr(main_line.find("thread ") + 7);
    BOOST_TEST(testing::count_lines_with(run.out, "on thread " + main_id) == 16, run.out);
    // Awaited one after the other: 8 pauses of 30 ms at least; spawned together: about 4.
    const auto sequential = testing::number_after(run.out, "one after the other: ");
    const auto together = testing::number_after(run.out, "together: ");
    BOOST_TEST_REQUIRE(sequential.has_value());
    BOOST_TEST_REQUIRE(together.has_value());
    BOOST_TEST(*sequential >= 0.240);
    BOOST_TEST(*together < *sequential * 0.75);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "hello_coroutine",
        {{"--steps", "0"}, {"--step-ms", "-1"}, {"--step-ms", "fast"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
