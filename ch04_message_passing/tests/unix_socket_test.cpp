#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

namespace {

// The socket file the server announced: "server listening on
// /tmp/cookbook_sock_XXXXXX/server.sock".
std::filesystem::path socket_file_in(const std::string& out) {
    const std::string line = testing::line_with(out, "server listening on ");
    return line.empty() ? std::filesystem::path()
                        : std::filesystem::path(line.substr(line.find(" on ") + 4));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unix_socket)

BOOST_AUTO_TEST_CASE(client_processes_get_their_replies_and_the_file_is_removed) {
    const auto run = testing::run_recipe("unix_socket", {"--clients", "4", "--requests", "15"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "clients whose replies") ==
               "clients whose replies all matched: 4 of 4");
    BOOST_TEST(testing::count_lines_with(run.out,
                                         "client: 15 of 15 replies matched; oversized "
                                         "frame refused: yes") == 4);
    BOOST_TEST(testing::number_after(run.out, "server: ") == 60.0);
    BOOST_TEST(run.out.find("are the clients' pids: yes") != std::string::npos, run.out);
    // The socket file and its directory are gone: checked from outside, after the run.
    const std::filesystem::path file = socket_file_in(run.out);
    BOOST_TEST(file.filename() == "server.sock");
    BOOST_TEST(file.parent_path().filename().string().rfind("cookbook_sock_", 0) == 0u, file);
    BOOST_TEST(!std::filesystem::exists(file));
    BOOST_TEST(!std::filesystem::exists(file.parent_path()));
}

// SIGTERM in the middle of the run (Ctrl-C is the same): the server dies of it, but its
// TempDir's handler has removed the socket file and the directory first; the clients end too.
BOOST_AUTO_TEST_CASE(sigterm_mid_run_still_removes_the_socket_directory) {
    testing::PipedRun run("unix_socket", {"--clients", "4", "--requests", "100000"});
    BOOST_TEST_REQUIRE(run.wait_for_lines("server listening on ", 1, 60s), run.out());
    const std::filesystem::path file = socket_file_in(run.out());
    BOOST_TEST_REQUIRE(std::filesystem::exists(file), file);
    run.child().signal(SIGTERM);
    const auto result = run.finish(60s);  // to the end of the output: every client has ended too
    BOOST_TEST(!result.timed_out);
    BOOST_TEST(!result.status.exited, result.status.describe());  // it was still running
    BOOST_TEST(result.status.signal == SIGTERM, result.status.describe());
    BOOST_TEST(!std::filesystem::exists(file));
    BOOST_TEST(!std::filesystem::exists(file.parent_path()));
}

// A client that cannot do its work says why (here: no server at that path) and exits 1.
BOOST_AUTO_TEST_CASE(a_failing_client_reports_the_reason) {
    const auto run = testing::run_recipe("unix_socket", {"--client", "/nonexistent/cookbook.sock"});
    BOOST_TEST(run.status.exited);
    BOOST_TEST(run.status.code == 1, run.describe());
    BOOST_TEST(testing::count_lines_with(run.err, "No such file or directory") == 1, run.err);
    BOOST_TEST(run.err.rfind("error: client ", 0) == 0u, run.err);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors(
        "unix_socket",
        {{"--clients", "0"}, {"--requests", "-1"}, {"--client"}, {"--path", "/tmp/x"}});
}

BOOST_AUTO_TEST_SUITE_END()
