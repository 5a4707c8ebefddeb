// --trace FILE across processes: every producer's and consumer's lane is in the parent's file,
// and tracing does not change what the recipe checks.
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(producer_consumer_holds_every_child_s_lane) {
    testing::check_traced(
        "producer_consumer",
        {"--producers", "2", "--consumers", "2", "--items", "300", "--capacity", "8"},
        "checksums equal:", 5);
}

BOOST_AUTO_TEST_SUITE_END()
