#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(hardware)

BOOST_AUTO_TEST_CASE(core_counts_are_at_least_one) {
    const auto run = testing::run_recipe("hardware");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "(boost::thread::hardware_concurrency): ") >= 1.0);
    BOOST_TEST(testing::number_after(run.out, "(std::thread::hardware_concurrency):   ") >= 1.0);
    BOOST_TEST(testing::number_after(run.out, "(boost::thread::physical_concurrency): ") >= 1.0);
    BOOST_TEST(testing::number_after(run.out, "interference_size): ") >= 16.0);
    BOOST_TEST(testing::count_lines_with(run.out, "core counts at least 1: yes") == 1, run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("hardware", {{"--threads", "2"}, {"--bogus"}, {"extra"}});
}

BOOST_AUTO_TEST_SUITE_END()
