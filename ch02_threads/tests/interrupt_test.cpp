#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(interrupt)

BOOST_AUTO_TEST_CASE(workers_stop_promptly_and_unwind) {
    const auto run = testing::run_recipe("interrupt", {"--run-ms", "50"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    // The sleeping worker was asleep for a minute; interrupt() ends it at once.
    const auto sleeping = testing::number_after(run.out, "sleeping worker ");
    BOOST_TEST_REQUIRE(sleeping.has_value());
    BOOST_TEST(*sleeping < 1000.0);
    const auto computing = testing::number_after(run.out, "computing worker ended ");
    BOOST_TEST_REQUIRE(computing.has_value());
    BOOST_TEST(*computing < 1000.0);
    BOOST_TEST(testing::count_lines_with(run.out, "released its resource") == 2);  // stacks unwound
    BOOST_TEST(run.out.find("woke up on its own") == std::string::npos);
    BOOST_TEST(run.out.find("all workers stopped promptly (under 1 s): yes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("interrupt", {{"--run-ms", "-1"}, {"--run-ms", "10001"}});
}

BOOST_AUTO_TEST_SUITE_END()
