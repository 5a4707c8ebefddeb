#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "cookbook/testing.hpp"

namespace testing = cookbook::testing;

BOOST_AUTO_TEST_SUITE(unix_socket)

BOOST_AUTO_TEST_CASE(client_processes_get_their_replies_and_the_file_is_removed) {
    const auto run = testing::run_recipe("unix_socket", {"--clients", "4", "--requests", "15"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "clients whose replies") ==
               "clients whose replies all matched: 4 of 4; socket file removed on exit: yes");
    BOOST_TEST(testing::count_lines_with(run.out, "client: 15 of 15 replies matched; oversized "
                                                  "frame refused: yes") == 4);
    BOOST_TEST(testing::number_after(run.out, "server: ") == 60.0);
    BOOST_TEST(run.out.find("are the clients' pids: yes") != std::string::npos, run.out);
    // The socket file and its directory are gone.
    const std::string line = testing::line_with(run.out, "server listening on ");
    const std::filesystem::path file = line.substr(line.find(" on ") + 4);
    BOOST_TEST(file.filename() == "server.sock");
    BOOST_TEST(!std::filesystem::exists(file));
    BOOST_TEST(!std::filesystem::exists(file.parent_path()));
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("unix_socket", {{"--clients", "0"}, {"--requests", "-1"},
                                                {"--client"}, {"--path", "/tmp/x"}});
}

BOOST_AUTO_TEST_SUITE_END()
