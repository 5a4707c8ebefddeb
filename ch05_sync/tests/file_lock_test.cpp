#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(file_lock)

// The recipe's parent starts a child that takes the file lock, kills it with SIGKILL, and
// must then get the lock within a bounded time; the two mutexes it also held stay unusable.
BOOST_AUTO_TEST_CASE(the_lock_is_free_again_after_its_holder_is_killed) {
    const auto run =
        testing::run_recipe("file_lock", {"--timeout-ms", "3000", "--patience-ms", "100"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.out, "child holds the file_lock") == 1);
    BOOST_TEST(testing::count_lines_with(run.out, "while the child holds it: busy") == 1, run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "killed by signal 9 (SIGKILL)") == 1, run.out);
    const auto after = testing::number_after(run.out, "file_lock: locked by the parent ");
    BOOST_TEST_REQUIRE(after.has_value(), run.out);
    BOOST_TEST(*after < 3000.0);  // within the bound, not by running out of it
    BOOST_TEST(testing::count_lines_with(run.out, "file_lock free again: yes") == 1, run.out);
    // What a dead holder does to the other two, on Linux with Boost 1.81.
    BOOST_TEST(
        testing::count_lines_with(run.out, "named_mutex: still locked (tried for 100 ms)") == 1,
        run.out);
    BOOST_TEST(testing::count_lines_with(run.out, "interprocess_mutex unusable: yes") == 1,
               run.out);
}

// The lock file lives in a temporary directory of its own, which goes when the recipe ends.
// The recipe runs with TMPDIR pointing at an empty directory of this test's, which must be
// empty again afterwards.
BOOST_AUTO_TEST_CASE(the_temporary_directory_is_removed) {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "cookbook_test_XXXXXX").string();
    BOOST_TEST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    const fs::path private_tmp = pattern;
    const char* old = std::getenv("TMPDIR");
    const std::string saved = old != nullptr ? old : "";
    ::setenv("TMPDIR", private_tmp.c_str(), 1);  // the recipe, a child, inherits it
    const auto run = testing::run_recipe("file_lock", {"--patience-ms", "10"});
    old != nullptr ? ::setenv("TMPDIR", saved.c_str(), 1) : ::unsetenv("TMPDIR");
    const bool empty = fs::is_empty(private_tmp);
    fs::remove_all(private_tmp);
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(empty);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--timeout-ms", "0"},
                                                                  {"--patience-ms", "soon"},
                                                                  {"--patience-ms", "20000"},
                                                                  {"--kill"}}) {
        const auto run = testing::run_recipe("file_lock", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
