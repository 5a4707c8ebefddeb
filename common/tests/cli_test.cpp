#include "cookbook/cli.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <initializer_list>
#include <string>
#include <vector>

using cookbook::cli::Options;
using Status = Options::Status;
using namespace std::chrono_literals;

BOOST_TEST_DONT_PRINT_LOG_VALUE(Options::Status)

// A named namespace, not an anonymous one: the test cases derive from Fixture, and a base with
// internal linkage is an error (-Wsubobject-linkage) once test files share a unity build.
namespace cli_test {

// The options of a typical recipe, with their defaults.
struct Fixture {
    int threads = 4;
    long items = 1000;
    double fraction = 0.5;
    std::chrono::milliseconds delay = 10ms;
    std::string name = "x";
    std::string mode = "fast";
    bool verbose = false;
    int child = -1;
    Options options{"demo", "A demonstration."};

    Fixture() {
        options.count("threads", threads, "number of threads", 1, 64)
            .count("items", items, "items", 1, 1'000'000'000)
            .real("fraction", fraction, "serial fraction", 0.0, 1.0)
            .milliseconds("delay-ms", delay, "pause", 0ms, 5000ms)
            .text("name", name, "a name")
            .choice("mode", mode, "how", {"fast", "slow"})
            .flag("verbose", verbose, "say more")
            .internal("child", child);
    }

    Options::Outcome parse(std::initializer_list<const char*> args) {
        std::vector<const char*> argv{"demo"};
        argv.insert(argv.end(), args);
        return options.try_parse(static_cast<int>(argv.size()), argv.data());
    }
    // The same for a command line held as strings: what arguments() gives a child.
    Options::Outcome parse(const std::vector<std::string>& args) {
        std::vector<const char*> argv{"demo"};
        for (const auto& arg : args) {
            argv.push_back(arg.c_str());
        }
        return options.try_parse(static_cast<int>(argv.size()), argv.data());
    }
};

}  // namespace cli_test

using cli_test::Fixture;

BOOST_AUTO_TEST_SUITE(cli)

BOOST_FIXTURE_TEST_CASE(good_values_are_stored, Fixture) {
    const auto outcome =
        parse({"--threads", "8", "--items", "123456789", "--fraction", "0.25", "--delay-ms", "250",
               "--name", "abc", "--mode", "slow", "--verbose", "--child", "3"});
    BOOST_TEST_REQUIRE(outcome.status == Status::ok, outcome.message);
    BOOST_TEST(threads == 8);
    BOOST_TEST(items == 123456789L);
    BOOST_TEST(fraction == 0.25);
    BOOST_TEST(delay.count() == 250);
    BOOST_TEST(name == "abc");
    BOOST_TEST(mode == "slow");
    BOOST_TEST(verbose);
    BOOST_TEST(child == 3);
}

BOOST_FIXTURE_TEST_CASE(absent_options_keep_their_defaults, Fixture) {
    BOOST_TEST_REQUIRE(parse({"--threads=2"}).status == Status::ok);
    BOOST_TEST(threads == 2);
    BOOST_TEST(items == 1000L);
    BOOST_TEST(!verbose);
    BOOST_TEST(child == -1);
}

BOOST_FIXTURE_TEST_CASE(help_lists_options_and_defaults_but_not_internal_ones, Fixture) {
    const auto outcome = parse({"--help"});
    BOOST_TEST_REQUIRE(outcome.status == Status::help);
    BOOST_TEST(outcome.message.find("usage: demo") == 0u);
    BOOST_TEST(outcome.message.find("A demonstration.") != std::string::npos);
    BOOST_TEST(outcome.message.find("--threads") != std::string::npos);
    BOOST_TEST(outcome.message.find("(default 4)") != std::string::npos);
    BOOST_TEST(outcome.message.find("fast, slow") != std::string::npos);
    BOOST_TEST(outcome.message.find("child") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_input_is_one_error_line) {
    const std::vector<std::vector<const char*>> bad = {
        {"--threads", "abc"},
        {"--threads", "0"},
        {"--threads", "65"},
        {"--threads", "3x"},
        {"--threads", "-1"},
        {"--threads", ""},
        {"--threads"},
        {"--threads", "99999999999"},
        {"--thr", "3"},
        {"--unknown"},
        {"stray"},
        {"--fraction", "nan"},
        {"--fraction", "1.5"},
        {"--delay-ms", "1.5"},
        {"--mode", "medium"},
        {"--threads", "1", "--threads", "2"},
        {"--child", "-4"},
    };
    for (const auto& args : bad) {
        Fixture f;
        std::vector<const char*> argv{"demo"};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto outcome = f.options.try_parse(static_cast<int>(argv.size()), argv.data());
        BOOST_TEST_CONTEXT("arguments: " << (args.empty() ? "" : args[0]) << " ...") {
            BOOST_TEST(outcome.status == Status::error);
            BOOST_TEST(outcome.message.rfind("error: ", 0) == 0u, outcome.message);
            BOOST_TEST(outcome.message.find('\n') == std::string::npos);
            BOOST_TEST(f.threads == 4);  // a bad value never lands in the variable
        }
    }
}

BOOST_FIXTURE_TEST_CASE(error_names_the_option_and_the_range, Fixture) {
    const auto outcome = parse({"--threads", "0"});
    BOOST_TEST(outcome.message.find("--threads") != std::string::npos, outcome.message);
    BOOST_TEST(outcome.message.find("[1, 64]") != std::string::npos, outcome.message);
}

// arguments() hands the current settings to a child: parsing them again gives the same values.
BOOST_FIXTURE_TEST_CASE(arguments_reproduce_the_current_values, Fixture) {
    BOOST_TEST_REQUIRE(
        parse({"--threads", "8", "--fraction", "0.1", "--name", "-x", "--verbose", "--child", "5"})
            .status == Status::ok);
    const std::vector<std::string> args = options.arguments();
    BOOST_TEST(std::count(args.begin(), args.end(), "--threads=8") == 1);
    BOOST_TEST(std::count(args.begin(), args.end(), "--verbose") == 1);
    BOOST_TEST(std::count(args.begin(), args.end(), "--child=5") == 0);  // internal: left out

    Fixture copy;
    const auto outcome = copy.parse(args);
    BOOST_TEST_REQUIRE(outcome.status == Status::ok, outcome.message);
    BOOST_TEST(copy.threads == 8);
    BOOST_TEST(copy.items == 1000L);
    BOOST_TEST(copy.fraction == 0.1);  // exactly: the text reads back as the same double
    BOOST_TEST(copy.delay.count() == 10);
    BOOST_TEST(copy.name == "-x");
    BOOST_TEST(copy.mode == "fast");
    BOOST_TEST(copy.verbose);
    BOOST_TEST(copy.child == -1);
}

// A text option whose default is empty ("--csv" unless given), and "--name=" would not parse:
// it is left out.
BOOST_FIXTURE_TEST_CASE(arguments_leave_out_an_empty_text_option, Fixture) {
    BOOST_TEST_REQUIRE(parse({}).status == Status::ok);
    name.clear();  // as if its default were empty
    const std::vector<std::string> args = options.arguments();
    BOOST_TEST(std::count(args.begin(), args.end(), "--name=") == 0);
    Fixture copy;
    const auto outcome = copy.parse(args);
    BOOST_TEST(outcome.status == Status::ok, outcome.message);
}

// parse() itself ends the program: exit 2 for an error, 0 for --help.
BOOST_AUTO_TEST_CASE(parse_exits_2_on_error_and_0_on_help) {
    for (const auto& [argument, expected] : {std::pair{"--threads=0", 2}, {"--help", 0}}) {
        const pid_t pid = ::fork();
        BOOST_TEST_REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(1);  // keep the child's usage text out of the test log
            ::close(2);
            Fixture f;
            const char* argv[] = {"demo", argument};
            f.options.parse(2, argv);
            ::_exit(99);  // parse() returned: wrong
        }
        int status = 0;
        BOOST_TEST_REQUIRE(::waitpid(pid, &status, 0) == pid);
        BOOST_TEST(WIFEXITED(status));
        BOOST_TEST(WEXITSTATUS(status) == expected, argument);
    }
}

BOOST_AUTO_TEST_SUITE_END()
