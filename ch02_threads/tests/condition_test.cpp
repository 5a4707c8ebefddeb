#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(condition)

BOOST_AUTO_TEST_CASE(every_item_consumed_once_in_order) {
    for (const char* capacity : {"1", "3", "1000"}) {
        const auto run =
            testing::run_recipe("condition", {"--items", "5000", "--capacity", capacity});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(
            run.out.find("items consumed once and in order: 5000 of 5000") != std::string::npos,
            "capacity " << capacity << ": " << run.out);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("condition", {{"--capacity", "0"}, {"--items", "1.5"}});
}

BOOST_AUTO_TEST_SUITE_END()
