#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(shared_memory)

// The child reads the parent's bytes, the parent the child's answer; the name is removed.
BOOST_AUTO_TEST_CASE(both_sides_see_the_others_bytes) {
    const auto run =
        testing::run_recipe("shared_memory", {"--numbers", "1000", "--message", "abc"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out, "] child read \"abc\" and 1000 numbers") == 1,
               run.out);
    BOOST_TEST(testing::line_with(run.out, "parent read ") ==
                   "parent read the child's answer: sum 499500 (expected 499500), message "
                   "reversed: \"cba\"; correct",
               run.out);
}

BOOST_AUTO_TEST_CASE(no_numbers_and_the_largest_block_work_too) {
    for (const char* numbers : {"0", "10000"}) {
        const auto run = testing::run_recipe("shared_memory", {"--numbers", numbers});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(run.leftovers.empty(), run.describe());
        BOOST_TEST(testing::line_with(run.out, "parent read ").find("; correct") !=
                   std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("shared_memory", {{"--numbers", "-1"},
                                                  {"--numbers", "10001"},
                                                  {"--message", std::string(64, 'x')},
                                                  {"--shm"},
                                                  {"--size", "3"}});
}

BOOST_AUTO_TEST_SUITE_END()
