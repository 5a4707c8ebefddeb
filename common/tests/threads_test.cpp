#include "cookbook/threads.hpp"

#include <atomic>
#include <barrier>
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(run_together)

// Three bodies that each wait for the other two at a barrier: they finish only if all three
// run at the same time, which run_together promises.
BOOST_AUTO_TEST_CASE(every_body_runs_and_they_overlap) {
    std::barrier all_here(3);
    std::atomic<int> done{0};
    auto body = [&] {
        all_here.arrive_and_wait();
        done.fetch_add(1);
    };
    cookbook::run_together({body, body, body});
    BOOST_TEST(done.load() == 3);  // and every thread has been joined: run_together returned
}

BOOST_AUTO_TEST_CASE(no_bodies_is_nothing_to_do) {
    BOOST_CHECK_NO_THROW(cookbook::run_together({}));
}

BOOST_AUTO_TEST_SUITE_END()
