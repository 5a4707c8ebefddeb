#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "peer_death.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_event)

// The recipe keeps, in shared memory, when set() was called and when each waiter passed.
BOOST_AUTO_TEST_CASE(no_waiter_passes_before_the_event_is_set) {
    const auto run = testing::run_recipe("process_event", {"--waiters", "5"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "passed before set(): ") == 0.0);
    BOOST_TEST(testing::number_after(run.out, "saw the data: ") == 6.0);  // the late one too
    BOOST_TEST(testing::count_lines_with(run.out, ", data 4242") == 6);  // 5 waiters + the late one
    BOOST_TEST(testing::count_lines_with(run.out, "parent sets the event") == 1);
}

// A waiter that starts only after set() passes at once: the flag stays set, where a notify
// alone (or the book's set() + clear()) would be lost on it and it would wait out its timeout.
BOOST_AUTO_TEST_CASE(a_waiter_that_comes_after_set_passes_at_once) {
    const auto run =
        testing::run_recipe("process_event", {"--waiters", "2", "--timeout-ms", "20000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    const std::string late = testing::line_with(run.out, "late waiter 2 passed after ");
    const auto waited_ms = testing::number_after(late, "passed after ");
    BOOST_TEST_REQUIRE(waited_ms.has_value(), run.out);
    BOOST_TEST(*waited_ms < 10000.0, late);  // at once, not after the 20 s timeout
    BOOST_TEST(late.find(", data 4242") != std::string::npos, late);
}

// A setter killed inside set(), holding the event's lock, while the waiters sleep on its
// condition: each of the 3 waiters hears of it by its deadline.
BOOST_AUTO_TEST_CASE(a_setter_killed_inside_set_is_heard_of_by_every_waiter) {
    peer_death::check("process_event", {"--waiters", "3"}, 3);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--waiters", "0"},
                                                                  {"--waiters", "17"},
                                                                  {"--crash", "yes"},
                                                                  {"--timeout-ms", "-1"},
                                                                  {"--clear"}}) {
        const auto run = testing::run_recipe("process_event", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
