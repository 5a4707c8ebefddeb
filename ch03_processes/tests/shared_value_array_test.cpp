#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(shared_value_array)

BOOST_AUTO_TEST_CASE(final_values_are_exact_across_processes) {
    const auto run = testing::run_recipe(
        "shared_value_array", {"--processes", "3", "--increments", "30000", "--slots", "7"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(
        testing::line_with(run.out, "final value: ") ==
            "final value: 90000 (expected 90000); atomic: 90000; array slots negated: 7 of 7",
        run.out);
    BOOST_TEST(testing::line_with(run.out, "array: ") == "array: [0, -1, -2, -3, -4, -5, -6]");
    BOOST_TEST(testing::count_lines_with(run.out, "increments of each counter done") == 3);
}

// More slots than children: each child negates every third slot; none is missed or done twice.
BOOST_AUTO_TEST_CASE(every_slot_is_negated_once) {
    const auto run = testing::run_recipe(
        "shared_value_array", {"--processes", "3", "--increments", "10", "--slots", "1000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "array slots negated: ") == 1000.0);
    BOOST_TEST(testing::number_after(run.out, "final value: ") == 30.0);
}

// Two runs at once: each has its own segment (the name carries the pid).
BOOST_AUTO_TEST_CASE(two_runs_at_once_do_not_interfere) {
    testing::PipedRun first("shared_value_array", {"--processes", "2", "--increments", "200000"});
    testing::PipedRun second("shared_value_array", {"--processes", "3", "--increments", "100000"});
    const auto first_result = first.finish(60s);
    const auto second_result = second.finish(60s);
    for (const auto* result : {&first_result, &second_result}) {
        BOOST_TEST_REQUIRE(result->status.ok(), result->describe());
        BOOST_TEST(result->leftovers.empty(), result->describe());
    }
    BOOST_TEST(testing::number_after(first_result.out, "final value: ") == 400000.0);
    BOOST_TEST(testing::number_after(first_result.out, "atomic: ") == 400000.0);
    BOOST_TEST(testing::number_after(second_result.out, "final value: ") == 300000.0);
    BOOST_TEST(testing::number_after(second_result.out, "atomic: ") == 300000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--processes", "0"},
                                                                  {"--increments", "1e6"},
                                                                  {"--slots", "-3"},
                                                                  {"--segment"},
                                                                  {"--lock", "no"}}) {
        const auto run = testing::run_recipe("shared_value_array", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
