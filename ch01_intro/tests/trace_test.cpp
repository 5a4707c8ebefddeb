// --trace FILE on the coroutine recipe: each task gets a lane of its own, and tracing does
// not change what the recipe checks.
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(tasks) {
    testing::check_traced("tasks", {"--n", "5", "--step-ms", "5"}, "ran concurrently:");
}

BOOST_AUTO_TEST_SUITE_END()
