#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_rlock)

BOOST_AUTO_TEST_CASE(nested_locking_across_processes_completes_and_counts_right) {
    // 3 adders and 2 removers, 3000 operations each: 3000 items, 15000 nested locks.
    const auto run =
        testing::run_recipe("process_rlock", {"--processes", "5", "--operations", "3000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "box holds ") == 3000.0);
    BOOST_TEST(testing::number_after(run.out, "(expected ") == 3000.0);
    BOOST_TEST(testing::number_after(run.out, "nested locks: ") == 15000.0);
    BOOST_TEST(testing::line_with(run.out, "box holds ").find(" of 15000") != std::string::npos);
    // A non-recursive mutex taken again by its holder: the error-checking kind says EDEADLK.
    BOOST_TEST(testing::count_lines_with(run.out, "locked again by its holder: refused, EDEADLK") ==
               1);
}

BOOST_AUTO_TEST_CASE(default_run_is_exact) {
    const auto run = testing::run_recipe("process_rlock");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "box holds ") == 2000.0);
    BOOST_TEST(testing::number_after(run.out, "nested locks: ") == 6000.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--processes", "many"},
                                                                  {"--processes", "33"},
                                                                  {"--operations", "0"},
                                                                  {"--timeout-ms", "0"},
                                                                  {"--nested"}}) {
        const auto run = testing::run_recipe("process_rlock", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
