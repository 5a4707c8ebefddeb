#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(race_condition)

// Lost updates are likely but not certain (they need two threads to interleave), so the test
// checks that the unprotected total never exceeds the expected one, and that fetch_add is exact.
BOOST_AUTO_TEST_CASE(protected_total_exact_unprotected_never_above) {
    const auto run =
        testing::run_recipe("race_condition", {"--threads", "2", "--increments", "200000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "atomic fetch_add:") == 400000.0);
    const auto unprotected = testing::number_after(run.out, "unprotected load + store: ");
    BOOST_TEST_REQUIRE(unprotected.has_value());
    BOOST_TEST(*unprotected <= 400000.0);  // updates can be lost, never invented
    BOOST_TEST(*unprotected > 0.0);
    BOOST_TEST(run.out.find("protected total: 400000 (expected 400000)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_thread_loses_nothing) {
    const auto run =
        testing::run_recipe("race_condition", {"--threads", "1", "--increments", "50000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "unprotected load + store: ") == 50000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("race_condition", {{"--threads", "257"}, {"--increments", "lots"}});
}

BOOST_AUTO_TEST_SUITE_END()
