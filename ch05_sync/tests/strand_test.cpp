#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(strand)

// The strand's claim is measured in the recipe: an atomic high-water mark of handlers inside.
// Without the strand the same handlers (a read, a microsecond of work, a write) overlap on
// the pool's threads and overwrite each other's updates: part 2 shows the strand is needed.
BOOST_AUTO_TEST_CASE(count_is_exact_and_handlers_never_overlap) {
    const auto run = testing::run_recipe("strand", {"--threads", "3", "--handlers", "20000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "strand count: ") == 20000.0);
    BOOST_TEST(testing::number_after(run.out, "(expected ") == 20000.0);
    BOOST_TEST(testing::number_after(run.out, "most handlers inside the strand at once: ") == 1.0);
    const std::string pool = testing::line_with(run.out, "straight to the pool: ");
    BOOST_TEST(testing::number_after(pool, "most handlers inside at once ") >= 2.0, pool);
    BOOST_TEST(testing::number_after(pool, "(lost updates: ") > 0.0, pool);
}

// One pool thread: nothing can overlap, with or without the strand, and every handler ran on
// that one thread.
BOOST_AUTO_TEST_CASE(one_thread_never_overlaps_and_loses_nothing) {
    const auto run = testing::run_recipe("strand", {"--threads", "1", "--handlers", "5000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "strand count: ") == 5000.0);
    BOOST_TEST(testing::number_after(run.out, "pool threads used ") == 1.0);
    const std::string pool = testing::line_with(run.out, "straight to the pool: ");
    BOOST_TEST(testing::number_after(pool, "count ") == 5000.0, pool);
    BOOST_TEST(testing::number_after(pool, "most handlers inside at once ") == 1.0, pool);
}

BOOST_AUTO_TEST_CASE(many_threads_the_count_is_exact) {
    const auto run = testing::run_recipe("strand", {"--threads", "8", "--handlers", "5000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "strand count: ") == 5000.0);
    BOOST_TEST(testing::number_after(run.out, "most handlers inside the strand at once: ") == 1.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--threads", "0"}, {"--handlers", "0"}, {"--handlers", "1e5"}, {"--mutex"}}) {
        const auto run = testing::run_recipe("strand", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
