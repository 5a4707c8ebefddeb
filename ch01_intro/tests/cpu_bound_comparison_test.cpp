#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "cookbook/temp_dir.hpp"
#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(cpu_bound_comparison)

// pi(300000) = 25997: every model must find exactly that many primes.
BOOST_AUTO_TEST_CASE(every_model_counts_the_same_primes) {
    const auto run = testing::run_recipe("cpu_bound_comparison",
                                         {"--limit", "300000", "--repeat", "1", "--threads", "3"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty());
    BOOST_TEST(testing::number_after(run.out, "primes below 300000: ") == 25997.0);
    BOOST_TEST(testing::count_lines_with(run.out, "the same from all 5 models: yes") == 1, run.out);
    for (const char* row : {"  serial ", "  3 threads ", "  3 processes ",
                            "  asio io_context, 1 thread ", "  asio thread_pool, 3 threads "}) {
        BOOST_TEST(testing::count_lines_with(run.out, row) == 1, row);
    }
}

// Small limits exercise the edges of the blocks: 2 is the only even prime, and the last block
// is cut short at the limit.
BOOST_AUTO_TEST_CASE(edges_of_the_split_are_counted_once) {
    for (const auto& [limit, primes] :
         {std::pair{"2", 0.0}, std::pair{"3", 1.0}, std::pair{"1001", 168.0},
          std::pair{"7919", 999.0}, std::pair{"7920", 1000.0}}) {
        const auto run = testing::run_recipe("cpu_bound_comparison",
                                             {"--limit", limit, "--repeat", "1", "--threads", "4"});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::number_after(run.out, std::string("primes below ") + limit + ": ") ==
                   primes);
    }
}

BOOST_AUTO_TEST_CASE(writes_its_table_as_csv) {
    cookbook::TempDir dir("cpu_csv");  // removed with its files at the end of the test
    const std::string path = dir.file("table.csv");
    const auto run =
        testing::run_recipe("cpu_bound_comparison",
                            {"--limit", "50000", "--repeat", "2", "--threads", "2", "--csv", path});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    BOOST_TEST(text.str().rfind("name,seconds,workers,speedup,efficiency\n", 0) == 0u, text.str());
    BOOST_TEST(testing::count_lines_with(text.str(), ",") == 6);
    BOOST_TEST(testing::count_lines_with(text.str(), "\"2 processes\",") == 1);
}

// Without --threads the recipe uses every core, like the Python version's os.cpu_count().
BOOST_AUTO_TEST_CASE(the_default_is_one_worker_per_core) {
    const auto run =
        testing::run_recipe("cpu_bound_comparison", {"--limit", "2000", "--repeat", "1"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const auto cores = std::max(1u, std::thread::hardware_concurrency());
    BOOST_TEST(testing::count_lines_with(run.out, std::to_string(cores) + " threads ") >= 1,
               run.out);
    BOOST_TEST(testing::count_lines_with(run.out, std::to_string(cores) + " processes ") == 1,
               run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("cpu_bound_comparison", {{"--threads", "0"},
                                                         {"--limit", "1"},
                                                         {"--limit", "1e6"},
                                                         {"--repeat", "x"},
                                                         {"--csv"},
                                                         {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
