#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(queue)

BOOST_AUTO_TEST_CASE(every_item_arrives_once_with_the_producers_checksum) {
    const auto run = testing::run_recipe("queue", {"--items", "12", "--seed", "7"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "items received: ") == 12.0);
    BOOST_TEST(testing::line_with(run.out, "items received: ").find(", 0 twice;") != std::string::npos);
    BOOST_TEST(testing::count_lines_with(run.out, "[consumer] got item ") == 12);
    BOOST_TEST(testing::count_lines_with(run.out, "producer: putting item ") == 12);
    // The consumer's sum of the values equals the one the producer sent in its stop message.
    BOOST_TEST(testing::number_after(run.out, "; checksum ") ==
               testing::number_after(run.out, "(producer's "));
}

// Many items through a queue of 2: the producer waits for room again and again.
BOOST_AUTO_TEST_CASE(a_small_queue_makes_the_producer_wait_without_losing_items) {
    const auto run = testing::run_recipe("queue", {"--items", "20000", "--capacity", "2"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "items received: ") == 20000.0);
    BOOST_TEST(testing::count_lines_with(run.out, "got item") == 0);  // quiet above 20 items
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("queue", {{"--items", "0"}, {"--capacity", "-3"},
                                          {"--seed", "x"}, {"--child"}, {"--empty"}});
}

BOOST_AUTO_TEST_SUITE_END()
