// The --crash runs of the recipes that share a robust mutex and condition between processes
// (process_event, process_condition, process_barrier): one process is SIGKILLed while it holds
// the mutex and others wait on the condition.
#pragma once

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "cookbook/testing.hpp"
#include "cookbook/timing.hpp"

namespace peer_death {

// Every process left waiting hears of the death (ipc::PeerDied) by its 500 ms deadline: no
// abort (an assertion in Boost's condition), no spin past the deadline, nobody the parent has
// to terminate; the recipe says the shared state is lost, exits 1 and leaves nothing behind.
// `told`: how many processes at least must have been told.
inline void check(const std::string& recipe, std::vector<std::string> args, int told) {
    namespace testing = cookbook::testing;
    args.insert(args.end(), {"--crash", "--timeout-ms", "500"});
    const cookbook::Stopwatch watch;
    const auto run = testing::run_recipe(recipe, args, std::chrono::seconds(60));
    BOOST_TEST(!run.timed_out, run.describe());
    BOOST_TEST(run.status.exited, run.describe());
    BOOST_TEST(run.status.code == 1, run.describe());
    BOOST_TEST(testing::count_lines_with(run.err, "killed by signal 9 (SIGKILL)") +
                       testing::count_lines_with(run.out, "killed by signal 9 (SIGKILL)") ==
                   1,
               run.describe());  // the one killed on purpose
    BOOST_TEST(testing::count_lines_with(run.err, "a process died holding the lock") >= told,
               run.describe());
    for (const char* failure : {"SIGTERM", "SIGABRT", "Assertion", "no lock within"}) {
        BOOST_TEST(run.err.find(failure) == std::string::npos, failure << ": " << run.describe());
    }
    BOOST_TEST(testing::count_lines_with(run.err, " is lost: ") == 1, run.describe());
    BOOST_TEST(watch.seconds() < 0.5 + 5.0);  // the deadline, and a margin for the sanitizers
    BOOST_TEST(run.leftovers.empty(), run.describe());
}

}  // namespace peer_death
