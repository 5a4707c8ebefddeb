#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "peer_death.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_condition)

BOOST_AUTO_TEST_CASE(every_item_is_consumed_exactly_once) {
    const auto run = testing::run_recipe(
        "process_condition",
        {"--producers", "3", "--consumers", "2", "--items", "700", "--capacity", "3"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "items consumed exactly once: ") == 2100.0);
    BOOST_TEST(testing::line_with(run.out, "exactly once: ").find(" of 2100;") != std::string::npos,
               run.out);
    BOOST_TEST(testing::number_after(run.out, "most items in the buffer at once: ") <= 3.0);
    BOOST_TEST(testing::count_lines_with(run.out, " put 700 items") == 3);
    // The consumers' shares add up to everything that was put.
    double taken = 0;
    for (const std::string consumer : {"consumer 3 took ", "consumer 4 took "}) {
        const auto share = testing::number_after(run.out, consumer);
        BOOST_TEST_REQUIRE(share.has_value(), run.out);
        taken += *share;
    }
    BOOST_TEST(taken == 2100.0);
}

// One slot, one consumer: the strictest hand-over, every item waits for the previous one.
BOOST_AUTO_TEST_CASE(a_one_slot_buffer_works_too) {
    const auto run = testing::run_recipe(
        "process_condition",
        {"--producers", "1", "--consumers", "1", "--items", "300", "--capacity", "1"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "items consumed exactly once: ") == 300.0);
    BOOST_TEST(testing::number_after(run.out, "most items in the buffer at once: ") == 1.0);
}

// Producer 0 is killed inside put(), holding the buffer's lock: the consumers, who wait for it
// to finish, hear of it by their deadline (and producer 1, unless it finished first).
BOOST_AUTO_TEST_CASE(a_producer_killed_inside_put_is_heard_of_by_the_others) {
    peer_death::check("process_condition", {"--producers", "2", "--consumers", "2"}, 2);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--capacity", "0"},
                                                                  {"--capacity", "65"},
                                                                  {"--producers", "x"},
                                                                  {"--items", "1.5"},
                                                                  {"--poison"}}) {
        const auto run = testing::run_recipe("process_condition", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
