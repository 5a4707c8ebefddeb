#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(gather_timeout_cancel)

BOOST_AUTO_TEST_CASE(the_slow_task_is_cancelled_and_the_fast_one_completes) {
    const auto run = testing::run_recipe(
        "gather_timeout_cancel", {"--fast-ms", "10", "--timeout-ms", "60", "--slow-ms", "5000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "fast task completed: yes; slow task cancelled: 2 "
                                         "of 2 (by the timeout, by cancel())") == 1,
               run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "[slow] cancelled: cleaning up") == 2);
    // The clean-up awaits a timer of its own: without reset_cancellation_state() that co_await
    // would throw operation_aborted at once and the clean-up would never finish.
    BOOST_TEST(testing::count_lines_with(run.out, "[slow] clean-up done") == 2);
    BOOST_TEST(testing::count_lines_with(run.out, "[fast] done, result 1") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "[slow] done") == 0);
    // gather returned after the timeout, long before the slow task's 5 s.
    const auto gathered_ms = testing::number_after(run.out, "gather returned after ");
    BOOST_TEST_REQUIRE(gathered_ms.has_value());
    BOOST_TEST(*gathered_ms >= 60.0);
    BOOST_TEST(*gathered_ms < 2500.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("gather_timeout_cancel", {{"--fast-ms", "200"},
                                                          {"--timeout-ms", "2000"},
                                                          {"--slow-ms", "1"},
                                                          {"--fast-ms", "x"},
                                                          {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
