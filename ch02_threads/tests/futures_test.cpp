#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(futures)

BOOST_AUTO_TEST_CASE(continuations_and_when_all_deliver_right_values) {
    const auto run = testing::run_recipe("futures", {"--n", "20"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "sum of squares 1..20 = ") == 2870.0);
    BOOST_TEST(testing::number_after(run.out, "fibonacci(20) = ") == 6765.0);
    BOOST_TEST(testing::number_after(run.out, "binomial(20, 10) = ") == 184756.0);
    BOOST_TEST(testing::number_after(run.out, "factorial(20) = ") == 2432902008176640000.0);
    BOOST_TEST(run.out.find("get() rethrew \"disk on fire\"") != std::string::npos);
    BOOST_TEST(run.out.find("results through futures equal to serial ones: yes") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("futures", {{"--n", "41"}, {"--n", "0"}});
}

BOOST_AUTO_TEST_SUITE_END()
