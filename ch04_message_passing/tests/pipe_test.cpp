#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(pipes)  // not "pipe": that is the POSIX function

BOOST_AUTO_TEST_CASE(numbers_arrive_then_end_of_file_and_every_echo_is_intact) {
    const auto run = testing::run_recipe("pipe", {"--messages", "25"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "part 1: ") ==
                   "part 1: 25 numbers received, then end of file (sum 300)",
               run.out);
    BOOST_TEST(testing::number_after(run.out, "one-way numbers received: ") == 25.0);
    BOOST_TEST(testing::number_after(run.out, "echoed back intact: ") == 25.0);
    BOOST_TEST(testing::number_after(run.out, "the child echoed ") == 25.0);
}

BOOST_AUTO_TEST_CASE(many_messages_fill_the_pipe_without_a_hang) {
    // 20000 numbers (109 KiB) are more than a pipe holds (64 KiB): the writer blocks until we read.
    const auto run = testing::run_recipe("pipe", {"--messages", "20000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "(sum ") == 199990000.0);
    BOOST_TEST(testing::number_after(run.out, "echoed back intact: ") == 20000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("pipe", {{"--messages", "0"}, {"--messages", "x"}, {"--duplex"}});
}

BOOST_AUTO_TEST_SUITE_END()
