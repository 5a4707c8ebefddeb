#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(event)

BOOST_AUTO_TEST_CASE(waiters_pass_only_after_set) {
    const auto run = testing::run_recipe("event", {"--waiters", "4", "--run-ms", "20"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.out.find("waiters released only after set(): 4 of 4") != std::string::npos,
               run.out);
    // Every "started" line comes after "main: set()".
    const auto set_at = run.out.find("main: set()");
    BOOST_TEST_REQUIRE(set_at != std::string::npos);
    BOOST_TEST(run.out.find("started") > set_at);
}

// With a 1 s period, a worker that only noticed the event at its next period would take up
// to a second; set() must wake it at once.
BOOST_AUTO_TEST_CASE(set_wakes_a_timed_wait_at_once) {
    const auto run = testing::run_recipe("event", {"--period-ms", "1000", "--run-ms", "50"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const auto latency = testing::number_after(run.out, "periods of work, stopped ");
    BOOST_TEST_REQUIRE(latency.has_value());
    BOOST_TEST(*latency < 500.0);
}

// Event.py's set(); clear() per item: a consumer that was not waiting at that moment sees
// nothing. An event holds a level, not a count of the items announced.
BOOST_AUTO_TEST_CASE(a_pulsed_event_is_missed_by_a_late_waiter) {
    const auto run = testing::run_recipe("event", {"--waiters", "1", "--run-ms", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "3 items announced, a consumer that waited after them "
                                         "was told nothing") == 1,
               run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("event", {{"--period-ms", "0"}, {"--waiters", ""}});
}

BOOST_AUTO_TEST_SUITE_END()
