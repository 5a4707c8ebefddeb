#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"
#include "peer_death.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_barrier)

// Every process ticks a round's arrivals before it waits and checks them after it passes.
BOOST_AUTO_TEST_CASE(no_process_passes_before_all_arrive) {
    const auto run = testing::run_recipe("process_barrier",
                                         {"--processes", "5", "--rounds", "4", "--work-ms", "20"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "passes before all had arrived: ") == 0.0);
    BOOST_TEST(
        testing::line_with(run.out, "all had arrived: ").find(" of 20;") != std::string::npos,
        run.out);
    BOOST_TEST(testing::number_after(run.out, "the barrier opened ") == 4.0);
    BOOST_TEST(testing::count_lines_with(run.out, " reached the barrier of round ") == 20);
    // Exactly one process opens each round.
    for (int round = 0; round < 4; ++round) {
        BOOST_TEST(
            testing::count_lines_with(run.out, "arrived last and opens the barrier of round " +
                                                   std::to_string(round)) == 1);
    }
}

// Many rounds with no work: processes run ahead into the next round at once, which is what
// the generation number is for.
BOOST_AUTO_TEST_CASE(back_to_back_rounds_keep_their_generations_apart) {
    const auto run = testing::run_recipe("process_barrier",
                                         {"--processes", "3", "--rounds", "100", "--work-ms", "0"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "passes before all had arrived: ") == 0.0);
    BOOST_TEST(testing::number_after(run.out, "the barrier opened ") == 100.0);
}

// The book's contrast: the same runners without the barrier pass while others still work.
BOOST_AUTO_TEST_CASE(without_the_barrier_fast_runners_pass_early) {
    const auto run = testing::run_recipe("process_barrier", {"--processes", "4", "--no-barrier"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "passes before all had arrived: ") > 0.0, run.out);
    BOOST_TEST(testing::number_after(run.out, "the barrier opened ") == 0.0);
}

// Runner 0 is killed inside the barrier in round 1, holding its lock: the 3 others, waiting
// there, hear of it by their deadline.
BOOST_AUTO_TEST_CASE(a_runner_killed_inside_the_barrier_is_heard_of_by_the_others) {
    peer_death::check("process_barrier", {"--processes", "4"}, 3);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--processes", "0"},
                                                                  {"--rounds", "101"},
                                                                  {"--rounds", "1"},
                                                                  {"--rounds", "three"},
                                                                  {"--work-ms", "-1"},
                                                                  {"--parties", "3"}}) {
        const auto run = testing::run_recipe("process_barrier", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
