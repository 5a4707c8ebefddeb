#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

namespace {

// The path of a run with this seed: "Start State -> State 2 -> ... -> End State".
std::string path_for(const std::string& seed) {
    const auto run = testing::run_recipe("coroutines", {"--seed", seed, "--pause-ms", "1"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    const std::string line = testing::line_with(run.out, "path for seed " + seed + ": ");
    BOOST_TEST(line.find("same path twice: yes") != std::string::npos, run.out);
    const std::size_t from = line.find(": ") + 2;
    return line.substr(from, line.find(" (") - from);
}

std::vector<std::string> states_of(const std::string& path) {
    std::vector<std::string> states;
    std::size_t from = 0;
    while (true) {
        const std::size_t arrow = path.find(" -> ", from);
        states.push_back(path.substr(from, arrow - from));
        if (arrow == std::string::npos) {
            return states;
        }
        from = arrow + 4;
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(coroutines)

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_path) {
    BOOST_TEST(path_for("1") == path_for("1"));
    // std::mt19937's sequence is fixed by the standard: seed 2's path is the same everywhere.
    BOOST_TEST(path_for("2") == "Start State -> State 2 -> State 3 -> End State");
}

BOOST_AUTO_TEST_CASE(every_path_follows_the_transitions_of_the_book) {
    const std::map<std::string, std::set<std::string>> allowed = {
        {"Start State", {"State 1", "State 2"}},
        {"State 1", {"State 2", "State 3"}},
        {"State 2", {"State 1", "State 3"}},
        {"State 3", {"State 1", "End State"}}};
    std::set<std::string> paths;
    for (int seed = 1; seed <= 6; ++seed) {
        const std::string path = path_for(std::to_string(seed));
        paths.insert(path);
        const auto states = states_of(path);
        BOOST_TEST_REQUIRE(states.size() >= 3u, path);
        BOOST_TEST(states.front() == "Start State");
        BOOST_TEST(states.back() == "End State");
        for (std::size_t i = 0; i + 1 < states.size(); ++i) {
            const auto from = allowed.find(states[i]);
            BOOST_TEST_REQUIRE((from != allowed.end()), path);
            BOOST_TEST(from->second.count(states[i + 1]) == 1u, path);
        }
    }
    BOOST_TEST(paths.size() >= 3u);  // the seed matters
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "coroutines", {{"--seed", "-1"}, {"--seed", "x"}, {"--pause-ms", "5000"}, {"--bogus"}});
}

BOOST_AUTO_TEST_SUITE_END()
