#include <boost/test/unit_test.hpp>
#include <sstream>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(rlock)

BOOST_AUTO_TEST_CASE(both_boxes_hold_added_minus_removed) {
    const auto run = testing::run_recipe("rlock", {"--seed", "7", "--scale", "500"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    // "adding A items and removing R at the same time"
    std::istringstream first(testing::line_with(run.out, "adding "));
    std::string word;
    long added = 0;
    long removed = 0;
    first >> word >> added >> word >> word >> word >> removed;
    BOOST_TEST_REQUIRE(added > 0);
    BOOST_TEST(testing::number_after(run.out, "recursive_mutex box: ") == double(added - removed));
    BOOST_TEST(testing::number_after(run.out, "plain mutex box:     ") == double(added - removed));
    BOOST_TEST(testing::number_after(run.out, "items in both boxes: ") == double(added - removed));
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("rlock", {{"--seed", "-1"}, {"--scale", "0"}, {"--box"}});
}

BOOST_AUTO_TEST_SUITE_END()
