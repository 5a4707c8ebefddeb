#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(deadlock)

// The bad order must be reported as a deadlock (not hang), and every fix must finish.
BOOST_AUTO_TEST_CASE(bad_order_is_reported_and_every_fix_completes) {
    const auto run = testing::run_recipe(
        "deadlock", {"--transfers", "20000", "--patience-ms", "50"}, std::chrono::seconds(60));
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out, "gave up after the timeout") == 2, run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "part 1: deadlock detected") == 1, run.out);
    BOOST_TEST(testing::number_after(run.out, "fixes completed: ") == 3.0);
    for (const std::string fix : {"fix 1, one global lock order: ", "fix 2, boost::lock(a, b): ",
                                  "fix 3, std::scoped_lock(a, b): "}) {
        BOOST_TEST(testing::number_after(run.out, fix) == 40000.0, fix);
        BOOST_TEST(testing::line_with(run.out, fix).find("total money 2000 ") != std::string::npos,
                   run.out);
    }
}

// The detection takes about one patience, not for ever.
BOOST_AUTO_TEST_CASE(detection_time_follows_the_patience) {
    cookbook::Stopwatch watch;
    const auto run = testing::run_recipe("deadlock", {"--transfers", "1", "--patience-ms", "400"});
    const double seconds = watch.seconds();
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(seconds >= 0.4);
    BOOST_TEST(seconds < 30.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--transfers", "0"},
                                                                  {"--patience-ms", "0"},
                                                                  {"--patience-ms", "forever"},
                                                                  {"--threads", "2"}}) {
        const auto run = testing::run_recipe("deadlock", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
