#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(futures)

BOOST_AUTO_TEST_CASE(results_and_exceptions_arrive_through_futures) {
    const auto run =
        testing::run_recipe("futures", {"--n1", "100", "--n2", "5", "--pause-ms", "10"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "results delivered through futures: sum(1..100) = "
                                         "5050, factorial(5) = 120: correct: yes; "
                                         "exception delivered: yes") == 1,
               run.out);
    BOOST_TEST(testing::number_after(run.out, "[done callback] sum of 1..100 = ") == 5050.0);
    BOOST_TEST(testing::number_after(run.out, "[main] future: sum of 1..100 = ") == 5050.0);
    BOOST_TEST(testing::number_after(run.out, "[main] promise: factorial(5) = ") == 120.0);
    BOOST_TEST(testing::number_after(
                   run.out, "[main] deferred, launched later: sum of 1..100 = ") == 5050.0);
    BOOST_TEST(testing::count_lines_with(run.out, "get() rethrew: factorial(-1)") == 1);
}

BOOST_AUTO_TEST_CASE(the_largest_factorial_that_fits) {
    const auto run = testing::run_recipe("futures", {"--n2", "20", "--pause-ms", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "factorial(20) = 2432902008176640000").size() > 0u,
               run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("futures",
                                {{"--n2", "21"}, {"--n1", "0"}, {"--pause-ms", "x"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
