#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(tasks)

BOOST_AUTO_TEST_CASE(three_tasks_compute_correctly_at_the_same_time) {
    const auto run = testing::run_recipe("tasks", {"--step-ms", "30"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(
        testing::count_lines_with(run.out,
                                  "factorial(10) = 3628800, fibonacci(10) = 55, binomial(20, 10) = "
                                  "184756: correct: yes; ran concurrently: yes") == 1,
        run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "Asyncio.Task: Compute ") == 29);
    // Part 2: `&&` rethrows asio::multiple_exceptions, nested once per operator, around its
    // LEFT operand's exception: the failing task's own survives only when it is leftmost.
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "part 2: a failing task's exception, leftmost: inside 2 "
                                         "multiple_exceptions; rightmost: lost") == 1,
               run.out);
    // The first three steps belong to three different tasks: they interleave.
    std::set<std::string> first_three;
    std::size_t at = 0;
    for (int i = 0; i < 3; ++i) {
        at = run.out.find("Compute ", at) + 8;
        first_three.insert(run.out.substr(at, run.out.find('(', at) - at));
    }
    BOOST_TEST(first_three.size() == 3u);
    // About the longest task (10 steps of 30 ms), far from the sum (29 steps): 30 ms steps
    // leave room for a loaded machine or a sanitizer build.
    const auto elapsed = testing::number_after(run.out, "elapsed ");
    BOOST_TEST_REQUIRE(elapsed.has_value());
    BOOST_TEST(*elapsed >= 0.300);
    BOOST_TEST(*elapsed < 0.870);
}

BOOST_AUTO_TEST_CASE(other_sizes_are_computed_exactly_too) {
    const auto small = testing::run_recipe("tasks", {"--n", "4", "--step-ms", "30"});
    BOOST_TEST_REQUIRE(small.status.ok(), small.describe());
    BOOST_TEST(testing::count_lines_with(small.out,
                                         "factorial(4) = 24, fibonacci(4) = 3, "
                                         "binomial(8, 4) = 70: correct: yes") == 1,
               small.out);
    BOOST_TEST(testing::count_lines_with(small.out, "Asyncio.Task: Compute ") == 11);
    const auto large = testing::run_recipe("tasks", {"--n", "20", "--step-ms", "30"});
    BOOST_TEST_REQUIRE(large.status.ok(), large.describe());
    BOOST_TEST(testing::count_lines_with(large.out,
                                         "factorial(20) = 2432902008176640000, "
                                         "fibonacci(20) = 6765, binomial(40, 20) = "
                                         "137846528820: correct: yes") == 1,
               large.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "tasks",
        {{"--step-ms", "0"}, {"--step-ms", "x"}, {"--n", "21"}, {"--n", "0"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
