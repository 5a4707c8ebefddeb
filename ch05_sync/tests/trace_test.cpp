// --trace FILE: the timelines read back whole, and tracing does not change what the recipes
// check.
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(deadlock) {
    testing::check_traced("deadlock", {"--transfers", "300", "--patience-ms", "5"}, "bad order:");
}

BOOST_AUTO_TEST_CASE(reader_writer) {
    testing::check_traced("reader_writer", {"--rounds", "5"}, "readers overlapped");
}

BOOST_AUTO_TEST_SUITE_END()
