#include <boost/test/unit_test.hpp>
#include <string>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_lock)

BOOST_AUTO_TEST_CASE(counter_is_exact_with_both_mutexes) {
    const auto run =
        testing::run_recipe("process_lock", {"--processes", "3", "--increments", "50000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "final counter: ") == 150000.0);
    BOOST_TEST(testing::number_after(run.out, "shared memory: counter ") == 150000.0);
    BOOST_TEST(testing::number_after(run.out, "named_mutex: counter ") == 150000.0);
    BOOST_TEST(
        testing::line_with(run.out, "final counter: ").find("in 2 of 2 parts") != std::string::npos,
        run.out);
}

BOOST_AUTO_TEST_CASE(default_run_is_exact) {
    const auto run = testing::run_recipe("process_lock");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "final counter: ") == 100000.0);
}

// Kills child 0 while it holds the lock (`--crash`): the others must give up within their
// deadline, report why on stderr and exit 1, and the parent must still clean up.
void check_killed_holder(const std::string& mutex, const std::string& expected_error) {
    const auto run = testing::run_recipe("process_lock",
                                         {"--mutex", mutex, "--crash", "--processes", "2",
                                          "--increments", "2000", "--timeout-ms", "300"},
                                         std::chrono::seconds(30));
    BOOST_TEST(!run.timed_out, run.describe());
    BOOST_TEST(run.status.exited);
    BOOST_TEST(run.status.code == 1, run.describe());
    BOOST_TEST(run.err.find("killed by signal 9") != std::string::npos, run.describe());
    BOOST_TEST(run.err.find(expected_error) != std::string::npos, run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
}

// A named_mutex is never unlocked by a holder that was killed: the others wait until their
// deadline.
BOOST_AUTO_TEST_CASE(a_holder_killed_inside_named_mutex_gives_an_error_not_a_hang) {
    check_killed_holder("named", "no lock within 300 ms");
}

// The interprocess_mutex is a robust mutex on Linux: the next locker learns that the holder
// died, and Boost makes the mutex unusable (lock_exception).
BOOST_AUTO_TEST_CASE(a_holder_killed_inside_shm_mutex_gives_an_error_not_a_hang) {
    check_killed_holder("shm", "the mutex is not recoverable");
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--processes", "abc"},
                                                                  {"--processes", "0"},
                                                                  {"--increments", "-1"},
                                                                  {"--mutex", "spin"},
                                                                  {"--unknown"}}) {
        const auto run = testing::run_recipe("process_lock", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
