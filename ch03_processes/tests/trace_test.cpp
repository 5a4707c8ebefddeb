// --trace FILE across processes: the workers' lanes are in the parent's file.
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(process_pool_holds_every_worker_s_lane) {
    testing::check_traced("process_pool", {"--processes", "3", "--tasks", "30", "--work-us", "200"},
                          "pool.map(square", 4);
}

// A worker killed by SIGKILL wrote its events as they happened: they are in the file, and the
// file is whole although the recipe failed (exit 1, the pool broken).
BOOST_AUTO_TEST_CASE(a_killed_worker_s_events_are_kept) {
    cookbook::TempDir dir("trace_test");
    const std::string path = dir.file("trace.json");
    const auto run =
        testing::run_recipe("process_pool", {"--processes", "2", "--tasks", "40", "--work-us",
                                             "500", "--crash-task", "20", "--trace", path});
    BOOST_TEST(run.status.exited);
    BOOST_TEST(run.status.code == 1, run.describe());
    const auto timeline = cookbook::trace::read_timeline(path);
    BOOST_TEST(timeline.problems.empty());
    BOOST_TEST(timeline.pids.size() == 3u);  // the parent and both workers, the dead one too
    int squares = 0;
    for (const auto& bar : timeline.bars) {
        squares += bar.name == "square" ? 1 : 0;
    }
    BOOST_TEST(squares > 0);  // which tasks were done when task 20 killed its worker varies
}

BOOST_AUTO_TEST_SUITE_END()
