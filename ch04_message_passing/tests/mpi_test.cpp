// The MPI recipes, run under mpirun with 2, 3 and 4 processes (the driver uses 4). Each recipe
// checks its result on every rank and exits non-zero when one is wrong; these tests also check
// the facts rank 0 prints, by value. They run in the release, TSan and ASan builds; in an ASan
// build they pass with detect_leaks=1 thanks to common/src/asan_mpi_suppressions.cpp (the memory
// Open MPI never frees; cookbook_recipe(... MPI) compiles it into every MPI recipe of an ASan
// build), and would fail here if those suppressions stopped matching.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

#if COOKBOOK_HAVE_MPI

namespace {

// Runs a recipe as `mpirun --oversubscribe -n RANKS recipe ARGS` (as the driver does).
testing::RunResult mpirun(const std::string& recipe, int ranks,
                          const std::vector<std::string>& args = {}) {
    const testing::ManifestEntry entry{recipe, testing::recipe_path(recipe),
                                       "mpi:" + std::to_string(ranks)};
    return testing::run_entry(entry, args, 60s);
}

const std::vector<int> rank_counts = {2, 3, 4};

}  // namespace

BOOST_AUTO_TEST_SUITE(mpi_recipes)

BOOST_AUTO_TEST_CASE(mpi_hello_every_rank_says_hello_once) {
    for (int ranks : {1, 2, 4}) {
        const auto run = mpirun("mpi_hello", ranks);
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::line_with(run.out, "ranks that said hello") ==
                   "ranks that said hello: " + std::to_string(ranks) + " of " +
                       std::to_string(ranks) + ", each once");
        BOOST_TEST(testing::count_lines_with(run.out, "hello world from rank ") == ranks);
        for (int r = 0; r < ranks; ++r) {
            BOOST_TEST(
                testing::count_lines_with(run.out, "from rank " + std::to_string(r) + " of ") == 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(mpi_point_to_point_values_reach_their_partner) {
    for (int ranks : rank_counts) {
        const auto run = mpirun("mpi_point_to_point", ranks);
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::line_with(run.out, "arrived intact") ==
                   "ranks whose messages arrived intact: " + std::to_string(ranks) + " of " +
                       std::to_string(ranks) + " (" + std::to_string(ranks / 2) + " pairs)");
        BOOST_TEST(
            testing::count_lines_with(
                run.out, "[rank 1] received 10000000 and \"hello from rank 0\" from rank 0") == 1);
        BOOST_TEST(
            testing::count_lines_with(run.out, "[rank 0] got the reply 10000001 from rank 1") == 1);
        BOOST_TEST(testing::count_lines_with(run.out, "sits this one out") == ranks % 2);
    }
}

// The deadlock part is a demonstration (it cannot go otherwise); the fixes are the check.
BOOST_AUTO_TEST_CASE(mpi_deadlock_is_caught_and_every_fix_completes) {
    for (int ranks : rank_counts) {
        const auto run = mpirun("mpi_deadlock", ranks, {"--timeout-ms", "200"});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        const int paired = ranks / 2 * 2;
        BOOST_TEST(testing::line_with(run.out, "completed all three fixes") ==
                   "ranks that completed all three fixes: " + std::to_string(ranks) + " of " +
                       std::to_string(ranks));
        BOOST_TEST(testing::count_lines_with(run.out, "] would deadlock: nothing from rank ") ==
                   paired);
        BOOST_TEST(testing::count_lines_with(run.out, "has no partner") == ranks % 2);
        for (int r = 0; r < paired; ++r) {
            BOOST_TEST(
                testing::count_lines_with(run.out, "[rank " + std::to_string(r) +
                                                       "] fixes that exchanged values with rank " +
                                                       std::to_string(r ^ 1) + ": 3 of 3") == 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(mpi_broadcast_reaches_every_rank) {
    for (int ranks : rank_counts) {
        const auto run = mpirun("mpi_broadcast", ranks, {"--value", "4242"});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::line_with(run.out, "ranks that received") ==
                   "ranks that received the broadcast 4242: " + std::to_string(ranks) + " of " +
                       std::to_string(ranks));
        BOOST_TEST(testing::count_lines_with(
                       run.out, "variable shared = 4242, text \"shared by rank 0\"") == ranks);
    }
}

BOOST_AUTO_TEST_CASE(mpi_scatter_deals_each_rank_its_slice) {
    for (int ranks : rank_counts) {
        const auto run = mpirun("mpi_scatter", ranks, {"--per-rank", "2"});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::number_after(run.out, "their own slice of 2: ") == double(ranks));
        BOOST_TEST(testing::count_lines_with(run.out, "process 1 received: 3 4") == 1);
        const std::string last = "process " + std::to_string(ranks - 1) +
                                 " received: " + std::to_string(2 * ranks - 1) + " " +
                                 std::to_string(2 * ranks);
        BOOST_TEST(testing::count_lines_with(run.out, last) == 1, run.out);
    }
}

BOOST_AUTO_TEST_CASE(mpi_gather_collects_the_squares_in_rank_order) {
    const std::vector<std::string> gathered = {"", "", "root gathered: 1 4", "root gathered: 1 4 9",
                                               "root gathered: 1 4 9 16"};
    for (int ranks : rank_counts) {
        const auto run = mpirun("mpi_gather", ranks);
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::line_with(run.out, "root gathered") == gathered[ranks]);
        BOOST_TEST(testing::number_after(run.out, "all_gather everywhere): ") == double(ranks));
        BOOST_TEST(testing::count_lines_with(run.out, "process 0 receiving ") == ranks - 1);
    }
}

BOOST_AUTO_TEST_CASE(mpi_alltoall_transposes) {
    for (int ranks : rank_counts) {
        const auto run = mpirun("mpi_alltoall", ranks);
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::number_after(run.out, "from every rank: ") == double(ranks));
    }
    const auto run = mpirun("mpi_alltoall", 3);
    BOOST_TEST(
        testing::count_lines_with(run.out, "process 2 sending [0 3 6] receiving [2 4 6]") == 1,
        run.out);
}

BOOST_AUTO_TEST_CASE(mpi_reduce_sums_and_maxima_at_the_root) {
    for (int ranks : rank_counts) {
        const auto run = mpirun("mpi_reduce", ranks, {"--length", "5"});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        const int s = ranks * (ranks + 1) / 2;
        BOOST_TEST(testing::line_with(run.out, "sum = ") ==
                   "on the root, after reduce: sum = [0 " + std::to_string(s) + " " +
                       std::to_string(2 * s) + " " + std::to_string(3 * s) + " " +
                       std::to_string(4 * s) + "]");
        BOOST_TEST(testing::line_with(run.out, "max = ") ==
                   "on the root, after reduce: max = [0 " + std::to_string(ranks) + " " +
                       std::to_string(2 * ranks) + " " + std::to_string(3 * ranks) + " " +
                       std::to_string(4 * ranks) + "]");
        BOOST_TEST(testing::number_after(run.out, "on every rank right: ") == double(ranks));
    }
}

BOOST_AUTO_TEST_CASE(mpi_topology_neighbours_check_out) {
    const std::vector<std::string> grids = {"",           "", "grid 2 x 1", "grid 3 x 1",
                                            "grid 2 x 2", "", "grid 3 x 2"};
    for (int ranks : {2, 3, 4, 6}) {
        const auto run = mpirun("mpi_topology", ranks);
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::line_with(run.out, "grid ").find(grids[ranks] + " (periodic)") == 0u,
                   run.out);
        BOOST_TEST(testing::number_after(run.out, "neighbours check out: ") == double(ranks));
    }
    const auto run = mpirun("mpi_topology", 4);
    BOOST_TEST(testing::count_lines_with(
                   run.out, "rank 3 at (row 1, col 1): up 1, down 1, left 2, right 2") == 1);
}

// One process is too few for every recipe but hello: a clear message, exit status 2. Run
// directly, as a learner might (MPI then starts a single process), and once under mpirun.
BOOST_AUTO_TEST_CASE(too_few_ranks_are_reported) {
    for (const char* recipe :
         {"mpi_point_to_point", "mpi_deadlock", "mpi_broadcast", "mpi_scatter", "mpi_gather",
          "mpi_alltoall", "mpi_reduce", "mpi_topology", "under mpirun"}) {
        const bool direct = std::string(recipe) != "under mpirun";
        const auto run = direct ? testing::run_recipe(recipe) : mpirun("mpi_deadlock", 1);
        BOOST_TEST(run.status.exited);
        BOOST_TEST(run.status.code == 2, recipe << ": " << run.describe());
        BOOST_TEST(
            testing::count_lines_with(
                run.err, "needs at least 2 MPI processes, got 1: run it as mpirun -n 4") == 1,
            recipe << ": " << run.err);
    }
}

// Options are read before MPI starts: bad input fails at once, even without mpirun.
BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("mpi_hello", {{"--ranks", "4"}});
    testing::check_usage_errors("mpi_point_to_point", {{"--partner", "1"}});
    testing::check_usage_errors("mpi_deadlock", {{"--timeout-ms", "0"}, {"--timeout-ms", "x"}});
    testing::check_usage_errors("mpi_broadcast", {{"--value", "-1"}, {"--root", "1"}});
    testing::check_usage_errors("mpi_scatter", {{"--per-rank", "0"}});
    testing::check_usage_errors("mpi_gather", {{"--root", "2"}});
    testing::check_usage_errors("mpi_alltoall", {{"-n", "4"}});
    testing::check_usage_errors("mpi_reduce", {{"--length", "0"}, {"--length", "ten"}});
    testing::check_usage_errors("mpi_topology", {{"--dims", "2"}});
}

BOOST_AUTO_TEST_SUITE_END()

#else

// Without MPI the MPI recipes are not built; this case only says so in --list_content, and is
// disabled, so that CTest does not register a test that checks nothing.
BOOST_AUTO_TEST_CASE(
    mpi_recipes_not_built,
    *boost::unit_test::disabled() *
        boost::unit_test::description("MPI or Boost.MPI was not found at configure time")) {}

#endif
