#include <boost/test/unit_test.hpp>
#include <sstream>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(barrier)

BOOST_AUTO_TEST_CASE(no_runner_passes_before_all_arrive) {
    const auto run =
        testing::run_recipe("barrier", {"--runners", "4", "--rounds", "5", "--max-ms", "10"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(
        run.out.find("rounds completed: 5 of 5; runners that passed before all had arrived: 0") !=
            std::string::npos,
        run.out);
    // Exactly 4 * r arrivals are printed before the r-th "all arrived" line.
    std::istringstream lines(run.out);
    int arrivals = 0;
    int round = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find("reached the barrier") != std::string::npos) {
            ++arrivals;
        } else if (line.find("-- all arrived") != std::string::npos) {
            ++round;
            BOOST_TEST(arrivals == 4 * round, "round " << round);
        }
    }
    BOOST_TEST(round == 5);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("barrier", {{"--runners", "65"}, {"--rounds", "0"}});
}

BOOST_AUTO_TEST_SUITE_END()
