#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(lock)

BOOST_AUTO_TEST_CASE(final_counter_is_exact) {
    const auto run =
        testing::run_recipe("lock", {"--threads", "3", "--increments", "20000", "--tasks", "4"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "final counter: ") == 60000.0);
    BOOST_TEST(testing::number_after(run.out, "(expected ") == 60000.0);
    BOOST_TEST(run.out.find("same total: yes") != std::string::npos, run.out);
}

BOOST_AUTO_TEST_CASE(default_run_is_exact_too) {
    const auto run = testing::run_recipe("lock");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "final counter: ") == 1000000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "lock", {{"--threads", "x"}, {"--increments", "0"}, {"--tasks", "1e3"}, {"--threads"}});
}

BOOST_AUTO_TEST_SUITE_END()
