#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "cookbook/temp_dir.hpp"
#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(io_bound_comparison)

// Long waits (50 ms) and few jobs, so that waiting dominates even under a sanitizer on a
// busy machine, where starting a thread or a connection can take milliseconds.
BOOST_AUTO_TEST_CASE(every_way_gets_the_same_results_and_overlapping_beats_serial) {
    const auto run =
        testing::run_recipe("io_bound_comparison", {"--waits", "10", "--wait-ms", "50", "--pages",
                                                    "10", "--latency-ms", "50", "--threads", "2"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "same results from all 4 ways: yes (10 waits; 10 "
                                         "pages, checksum equal to the corpus's)") == 1,
               run.out);
    // One table, two groups: the rows under " waits", then those under " http".
    const std::size_t http_at = run.out.find("\n http\n");
    BOOST_TEST_REQUIRE(http_at != std::string::npos, run.out);
    BOOST_TEST_REQUIRE(run.out.find("\n waits\n") < http_at, run.out);
    for (const std::string workload : {"waits", "http"}) {
        const std::string rows =
            workload == "waits" ? run.out.substr(0, http_at) : run.out.substr(http_at);
        const auto serial = testing::number_after(rows, "  serial ");
        const auto threads = testing::number_after(rows, "  10 threads ");
        const auto pool = testing::number_after(rows, "  thread_pool(2) ");
        const auto coroutines = testing::number_after(rows, "  coroutines, 1 thread ");
        BOOST_TEST_REQUIRE(serial.has_value());
        BOOST_TEST_REQUIRE(threads.has_value());
        BOOST_TEST_REQUIRE(pool.has_value());
        BOOST_TEST_REQUIRE(coroutines.has_value());
        // Serial: 10 waits one after another, 0.5 s at least. A thread per job and coroutines:
        // about one wait (0.05 s). The 2-thread pool: about 5 waits (0.25 s). Loose bounds.
        BOOST_TEST(*serial >= 0.500, workload);
        BOOST_TEST(*coroutines < *serial / 2, workload);
        BOOST_TEST(*threads < *serial / 2, workload);
        BOOST_TEST(*pool < *serial, workload);
    }
}

BOOST_AUTO_TEST_CASE(writes_both_tables_to_one_csv) {
    cookbook::TempDir dir("io_csv");  // removed with its files at the end of the test
    const std::string path = dir.file("table.csv");
    const auto run = testing::run_recipe(
        "io_bound_comparison",
        {"--waits", "5", "--wait-ms", "1", "--pages", "3", "--latency-ms", "0", "--csv", path});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    BOOST_TEST(text.str().rfind("name,seconds,workers,speedup,efficiency\n", 0) == 0u, text.str());
    BOOST_TEST(testing::count_lines_with(text.str(), "name,seconds") == 1);
    BOOST_TEST(testing::count_lines_with(text.str(), "\"waits: ") == 4);
    BOOST_TEST(testing::count_lines_with(text.str(), "\"http: ") == 4);
    BOOST_TEST(testing::count_lines_with(text.str(), "\"http: serial\",") == 1);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("io_bound_comparison", {{"--waits", "0"},
                                                        {"--wait-ms", "-1"},
                                                        {"--pages", "x"},
                                                        {"--latency-ms", "2000"},
                                                        {"--threads", "0"},
                                                        {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
