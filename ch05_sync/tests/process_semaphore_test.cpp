#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(process_semaphore)

// The limit is measured inside the recipe (a high-water mark in shared memory): check it both
// ways. Never more than K; and with 50 ms inside, the processes that passed the start line
// together do overlap, so a semaphore that admitted fewer than K (say one) would show too.
BOOST_AUTO_TEST_CASE(never_more_than_k_processes_inside_and_k_do_get_in) {
    for (const int limit : {1, 2, 3}) {
        const auto run = testing::run_recipe(
            "process_semaphore", {"--processes", "5", "--limit", std::to_string(limit), "--rounds",
                                  "2", "--work-ms", "50"});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(run.leftovers.empty(), run.describe());
        const auto most = testing::number_after(run.out, "most processes inside at once: ");
        BOOST_TEST_REQUIRE(most.has_value(), run.out);
        BOOST_TEST(*most >= std::min(limit, 2), run.out);
        BOOST_TEST(*most <= limit, run.out);
        BOOST_TEST(testing::number_after(run.out, "(limit ") == limit);
        BOOST_TEST(testing::line_with(run.out, "at once: yes (10 entries of 10)") != "", run.out);
        BOOST_TEST(testing::count_lines_with(run.out, " inside)") == 10);
    }
}

BOOST_AUTO_TEST_CASE(default_run_keeps_the_limit) {
    const auto run = testing::run_recipe("process_semaphore");
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "most processes inside at once: ") <= 2.0);
    BOOST_TEST(testing::line_with(run.out, "at once: yes (18 entries of 18)") != "", run.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--limit", "0"},
                                                                  {"--limit", "two"},
                                                                  {"--rounds", "-3"},
                                                                  {"--work-ms", "5000"},
                                                                  {"--semaphores", "2"}}) {
        const auto run = testing::run_recipe("process_semaphore", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
