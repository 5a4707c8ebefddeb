#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_event)

// The recipe keeps, in shared memory, when set() was called and when each waiter passed.
BOOST_AUTO_TEST_CASE(no_waiter_passes_before_the_event_is_set) {
    const auto run = testing::run_recipe("process_event", {"--waiters", "5", "--delay-ms", "50"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "passed before set(): ") == 0.0);
    BOOST_TEST(testing::number_after(run.out, "saw the data: ") == 5.0);
    BOOST_TEST(testing::count_lines_with(run.out, " passed, data 4242") == 5);
    BOOST_TEST(testing::count_lines_with(run.out, "parent sets the event") == 1);
}

BOOST_AUTO_TEST_CASE(a_set_event_lets_waiters_through_without_delay) {
    const auto run = testing::run_recipe("process_event", {"--waiters", "2", "--delay-ms", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "passed before set(): ") == 0.0);
    BOOST_TEST(testing::number_after(run.out, "saw the data: ") == 2.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--waiters", "0"},
                                                                  {"--waiters", "17"},
                                                                  {"--delay-ms", "soon"},
                                                                  {"--timeout-ms", "-1"},
                                                                  {"--clear"}}) {
        const auto run = testing::run_recipe("process_event", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
