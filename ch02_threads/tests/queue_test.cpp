#include <boost/test/unit_test.hpp>
#include <sstream>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(queue)

BOOST_AUTO_TEST_CASE(every_item_consumed_exactly_once_and_consumers_finish) {
    const auto run =
        testing::run_recipe("queue", {"--items", "10000", "--consumers", "4", "--capacity", "8"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());  // also: it ended (close() works)
    BOOST_TEST(run.out.find("items consumed exactly once: 10000 of 10000") != std::string::npos);
    long sum = 0;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        const auto at = line.find("] consumed ");
        if (at != std::string::npos) {
            sum += std::stol(line.substr(at + 11));
        }
    }
    BOOST_TEST(sum == 10000);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("queue", {{"--consumers", "0"}, {"--capacity", "big"}});
}

BOOST_AUTO_TEST_SUITE_END()
