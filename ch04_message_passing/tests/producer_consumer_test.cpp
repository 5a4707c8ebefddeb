#include <boost/test/unit_test.hpp>
#include <sstream>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(producer_consumer)

BOOST_AUTO_TEST_CASE(checksums_agree_and_every_item_is_consumed_once) {
    const auto run = testing::run_recipe(
        "producer_consumer", {"--producers", "3", "--consumers", "2", "--items", "5000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(
        testing::line_with(run.out, "items produced: ") ==
        "items produced: 15000, consumed: 15000, failed their check: 0; checksums equal: yes");
    BOOST_TEST(testing::number_after(run.out, "checksum produced ") ==
               testing::number_after(run.out, ", consumed "));
    BOOST_TEST(testing::count_lines_with(run.out, "] sent 5000 items") == 3);
    // The consumers' shares add up to the total.
    long taken = 0;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("[consumer ", 0) == 0) {
            taken += std::stol(line.substr(line.find(" took ") + 6));
        }
    }
    BOOST_TEST(taken == 15000);
}

BOOST_AUTO_TEST_CASE(one_producer_one_consumer_and_a_tiny_queue) {
    const auto run = testing::run_recipe(
        "producer_consumer",
        {"--producers", "1", "--consumers", "1", "--capacity", "1", "--items", "3000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, ", consumed: ") == 3000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "producer_consumer",
        {{"--producers", "0"}, {"--consumers", "99"}, {"--items", "many"}, {"--stop"}});
}

BOOST_AUTO_TEST_SUITE_END()
