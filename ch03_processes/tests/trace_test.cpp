// --trace FILE across processes: the workers' lanes are in the parent's file.
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(trace)

BOOST_AUTO_TEST_CASE(process_pool_holds_every_worker_s_lane) {
    testing::check_traced("process_pool", {"--processes", "3", "--tasks", "30", "--work-us", "200"},
                          "pool.map(square", 4);
}

BOOST_AUTO_TEST_SUITE_END()
