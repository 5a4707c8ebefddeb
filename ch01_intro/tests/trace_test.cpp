// --trace FILE on the coroutine recipes: each task gets a lane of its own, and tracing does
// not change what the recipes check.
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(tasks) {
    testing::check_traced("tasks", {"--n", "5", "--step-ms", "30"}, "ran concurrently:");
}

BOOST_AUTO_TEST_CASE(gather_timeout_cancel) {
    testing::check_traced("gather_timeout_cancel",
                          {"--fast-ms", "10", "--timeout-ms", "30", "--slow-ms", "300"},
                          "slow task cancelled:");
}

// The threads and the forked processes each count their share on a lane of their own.
BOOST_AUTO_TEST_CASE(cpu_bound_comparison) {
    testing::check_traced("cpu_bound_comparison", {"--limit", "100000", "--repeat", "1"},
                          "the same from all", 3);
}

BOOST_AUTO_TEST_SUITE_END()
