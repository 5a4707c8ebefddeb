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

// The amounts come from std::mt19937, whose output the standard fixes (seed 7 starts
// 327741615, 976413892), so they are the same with every standard library: 10 + 327741615 % 11
// = 13 and 1 + 976413892 % 10 = 3 units.
BOOST_AUTO_TEST_CASE(the_amounts_do_not_depend_on_the_standard_library) {
    const auto run = testing::run_recipe("rlock", {"--seed", "7", "--scale", "500"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(
                   run.out, "adding 6500 items and removing 1500 at the same time") == 1,
               run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("rlock", {{"--seed", "-1"}, {"--scale", "0"}, {"--box"}});
}

BOOST_AUTO_TEST_SUITE_END()
