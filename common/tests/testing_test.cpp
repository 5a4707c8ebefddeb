#include "cookbook/testing.hpp"

#include <signal.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>

#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(test_helpers)

BOOST_AUTO_TEST_CASE(numbers_and_lines_are_found) {
    const std::string text =
        "start\nfinal counter: 400 (expected 400)\nspeed: 1.5x\nfinal counter: 7\n";
    BOOST_TEST(testing::number_after(text, "final counter: ").value() == 7.0);  // the last one
    BOOST_TEST(testing::number_after(text, "speed: ").value() == 1.5);
    BOOST_TEST(!testing::number_after(text, "missing: ").has_value());
    BOOST_TEST(!testing::number_after(text, "start").has_value());  // nothing numeric after it
    BOOST_TEST(testing::line_with(text, "speed") == "speed: 1.5x");
    BOOST_TEST(testing::count_lines_with(text, "final counter") == 2);
}

BOOST_AUTO_TEST_CASE(run_captures_output_and_status) {
    const auto run = testing::run("/bin/sh", {"-c", "echo out; echo err >&2; exit 4"});
    BOOST_TEST(run.status.exited);
    BOOST_TEST(run.status.code == 4);
    BOOST_TEST(run.out == "out\n");
    BOOST_TEST(run.err == "err\n");
    BOOST_TEST(!run.timed_out);
    BOOST_TEST(run.leftovers.empty());
    BOOST_TEST(run.describe().find("exit code 4") == 0u);
}

BOOST_AUTO_TEST_CASE(run_enforces_its_time_limit) {
    cookbook::Stopwatch watch;
    const auto run = testing::run("/bin/sleep", {"30"}, 200ms);
    BOOST_TEST(run.timed_out);
    BOOST_TEST(run.status.signal == SIGTERM);
    BOOST_TEST(watch.seconds() < 10.0);
}

BOOST_AUTO_TEST_CASE(usage_errors_are_recognised) {
    BOOST_TEST(
        testing::is_usage_error(testing::run("/bin/sh", {"-c", "echo 'error: bad' >&2; exit 2"})));
    BOOST_TEST(
        !testing::is_usage_error(testing::run("/bin/sh", {"-c", "echo 'error: bad' >&2; exit 1"})));
    BOOST_TEST(!testing::is_usage_error(testing::run("/bin/sh", {"-c", "echo 'bad' >&2; exit 2"})));
    BOOST_TEST(!testing::is_usage_error(
        testing::run("/bin/sh", {"-c", "printf 'error: a\\nerror: b\\n' >&2; exit 2"})));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(readme_parsing)

BOOST_AUTO_TEST_CASE(examples_are_read_with_their_last_output_line) {
    const std::string path = "/tmp/cookbook_readme_test_" + std::to_string(::getpid()) + ".md";
    {
        std::ofstream readme(path);
        readme << "# Chapter\n\nRun it: `./cookbook run ch02 lock`\n\n```text\nfirst\n"
                  "final counter: 4 (expected 4)\n\n```\n\ntext\n"
                  "Run it: `./cookbook run ch02 define_thread -- --threads 3 --work-ms 5`\n"
                  "```\nthreads: 3 of 3\n```\n";
    }
    const auto examples = testing::readme_examples(path);
    std::remove(path.c_str());
    BOOST_TEST_REQUIRE(examples.size() == 2u);
    BOOST_TEST(examples[0].recipe == "lock");
    BOOST_TEST(examples[0].args.empty());
    BOOST_TEST(examples[0].summary == "final counter: 4 (expected 4)");
    BOOST_TEST(examples[1].recipe == "define_thread");
    BOOST_TEST((examples[1].args == std::vector<std::string>{"--threads", "3", "--work-ms", "5"}));
    BOOST_TEST(examples[1].summary == "threads: 3 of 3");
}

BOOST_AUTO_TEST_CASE(manifest_lines_are_split_at_tabs) {
    const std::string path = "/tmp/cookbook_manifest_test_" + std::to_string(::getpid());
    {
        std::ofstream manifest(path);
        manifest << "lock\t/b/ch02_lock\tdirect\tthreading.Lock: a counter\n"
                    "mpi_hello\t/b/ch04_mpi_hello\tmpi:4\thello\n";
    }
    const auto entries = testing::read_manifest(path);
    std::remove(path.c_str());
    BOOST_TEST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[0].name == "lock");
    BOOST_TEST(entries[0].path == "/b/ch02_lock");
    BOOST_TEST(entries[1].runner == "mpi:4");
}

BOOST_AUTO_TEST_SUITE_END()
