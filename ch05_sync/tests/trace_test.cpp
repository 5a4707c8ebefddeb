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
    testing::check_traced("reader_writer", {"--rounds", "15"}, "readers overlapped");
}

// Every child's waits for the lock are in the parent's file: 4 children per part, 2 parts.
BOOST_AUTO_TEST_CASE(process_lock) {
    testing::check_traced("process_lock", {"--increments", "30"}, "final counter:", 9);
}

BOOST_AUTO_TEST_SUITE_END()
