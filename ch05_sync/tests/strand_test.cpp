#include <boost/test/unit_test.hpp>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(strand)

// The strand's claim is measured in the recipe: an atomic high-water mark of handlers inside.
BOOST_AUTO_TEST_CASE(count_is_exact_and_handlers_never_overlap) {
    const auto run = testing::run_recipe("strand", {"--threads", "3", "--handlers", "20000"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::number_after(run.out, "strand count: ") == 20000.0);
    BOOST_TEST(testing::number_after(run.out, "(expected ") == 20000.0);
    BOOST_TEST(testing::number_after(run.out, "most handlers inside the strand at once: ") == 1.0);
    const auto used = testing::number_after(run.out, "pool threads used ");
    BOOST_TEST(used >= 1.0);
    BOOST_TEST(used <= 3.0);
    // Without the strand, the count can only lose updates, never gain any.
    BOOST_TEST(testing::number_after(run.out, "straight to the pool: count ") <= 20000.0);
}

BOOST_AUTO_TEST_CASE(one_thread_or_many_the_count_is_exact) {
    for (const std::string threads : {"1", "8"}) {
        const auto run =
            testing::run_recipe("strand", {"--threads", threads, "--handlers", "5000"});
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::number_after(run.out, "strand count: ") == 5000.0);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--threads", "0"}, {"--handlers", "0"}, {"--handlers", "1e5"}, {"--mutex"}}) {
        const auto run = testing::run_recipe("strand", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
