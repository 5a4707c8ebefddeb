#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(lockfree_queue)

BOOST_AUTO_TEST_CASE(every_item_once_and_in_order_for_spsc) {
    const auto run = testing::run_recipe(
        "lockfree_queue", {"--items", "30000", "--producers", "3", "--consumers", "2"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "arrived in order: ") == 30000.0);
    BOOST_TEST(testing::number_after(run.out, "arrived exactly once: ") == 90000.0);
    BOOST_TEST(testing::count_lines_with(
                   run.out, "spsc: 30000 of 30000 once and in order; queue: 90000 of 90000") == 1,
               run.out);
}

// More consumers than producers, and the other way round: every item still arrives once.
BOOST_AUTO_TEST_CASE(any_mix_of_producers_and_consumers_delivers_each_item_once) {
    for (const auto& [producers, consumers] :
         std::vector<std::pair<std::string, std::string>>{{"1", "4"}, {"4", "1"}}) {
        const auto run = testing::run_recipe(
            "lockfree_queue",
            {"--items", "5000", "--producers", producers, "--consumers", consumers});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::number_after(run.out, "arrived exactly once: ") ==
                   5000.0 * std::stod(producers));
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--items", "0"},
                                                                  {"--producers", "17"},
                                                                  {"--consumers", "none"},
                                                                  {"--capacity", "8"}}) {
        const auto run = testing::run_recipe("lockfree_queue", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
