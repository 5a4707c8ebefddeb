#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(serial_vs_parallel)

BOOST_AUTO_TEST_CASE(threads_and_processes_give_the_serial_sums) {
    const auto run = testing::run_recipe("serial_vs_parallel", {"--jobs", "4", "--size", "50000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty());
    BOOST_TEST(testing::count_lines_with(
                   run.out, "same sums from serial, 4 threads and 4 processes: yes") == 1,
               run.out);
    // The table has the three rows, the last two with 4 workers.
    BOOST_TEST(testing::number_after(run.out, "  serial ").has_value());
    const std::string threads = testing::line_with(run.out, "  4 threads ");
    const std::string processes = testing::line_with(run.out, "  4 processes ");
    BOOST_TEST_REQUIRE(!threads.empty());
    BOOST_TEST_REQUIRE(!processes.empty());
    // The sum of 50000 numbers in [0, 1) is close to 25000.
    const auto sum = testing::number_after(run.out, "sum of job 0: ");
    BOOST_TEST_REQUIRE(sum.has_value());
    BOOST_TEST(*sum > 24000.0);
    BOOST_TEST(*sum < 26000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("serial_vs_parallel",
                                {{"--jobs", "0"}, {"--jobs", "65"}, {"--size", "x"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
