#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_subclass)

BOOST_AUTO_TEST_CASE(every_child_is_reaped) {
    const auto run = testing::run_recipe("process_subclass", {"--processes", "4"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "children reaped: ") ==
                   "children reaped: 5 of 5 (4 joined, 1 by its destructor); children left: none",
               run.out);
    for (int i = 1; i <= 4; ++i) {
        BOOST_TEST(testing::count_lines_with(
                       run.out, "called run method in MyProcess-" + std::to_string(i)) == 1);
    }
    BOOST_TEST(testing::count_lines_with(run.out, "gone: ended and reaped by the destructor") == 1);
}

BOOST_AUTO_TEST_CASE(default_run_joins_ten) {
    const auto run = testing::run_recipe("process_subclass");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "joined with exit code 0: ") == 10.0);
    BOOST_TEST(testing::number_after(run.out, "children reaped: ") == 11.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--processes", "0"}, {"--processes", "101"}, {"--processes", "2.5"}, {"--run"}}) {
        const auto run = testing::run_recipe("process_subclass", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
