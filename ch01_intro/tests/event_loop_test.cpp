#include <boost/test/unit_test.hpp>
#include <string>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(event_loop)

BOOST_AUTO_TEST_CASE(callbacks_run_in_the_promised_order_and_blocking_stalls_the_loop) {
    const auto run = testing::run_recipe(
        "event_loop", {"--run-ms", "120", "--delay-ms", "20", "--block-ms", "40"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "order as promised: yes; chain stopped itself: yes; "
                                         "the timer waited for the blocking call: yes") == 1,
               run.out);
    std::size_t last = 0;
    for (const char* what : {"] A, posted first", "] B, posted second", "] C, posted by A",
                             "] timer due at 10 ms", "] timer due at 20 ms"}) {
        const std::size_t at = run.out.find(what);
        BOOST_TEST_REQUIRE(at != std::string::npos, what);
        BOOST_TEST(at > last, what);
        last = at;
    }
    // The chain ran A, B, C, A, ... for 120 ms, 20 ms apart: up to 6 calls, starting with A.
    const std::string chain =
        testing::line_with(run.out, " calls in 120 ms, stopped by a task: yes");
    BOOST_TEST_REQUIRE(!chain.empty(), run.out);
    const int calls = std::stoi(chain);
    BOOST_TEST(calls >= 1);  // at least A (a long stall of the machine can leave no time for B)
    BOOST_TEST(calls <= 7);
    BOOST_TEST(testing::count_lines_with(run.out, " called") == calls);
    BOOST_TEST(run.out.find("task_A called") < run.out.find("task_B called"));
    // The timer due at 10 ms had to wait for the 40 ms blocking callback.
    BOOST_TEST(testing::number_after(run.out, "timer due at 10 ms fired at ") >= 40.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "event_loop", {{"--block-ms", "10"}, {"--delay-ms", "0"}, {"--run-ms", "x"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
