#include "cookbook/timing.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using cookbook::ResultTable;
using cookbook::Stopwatch;

BOOST_AUTO_TEST_SUITE(timing)

BOOST_AUTO_TEST_CASE(stopwatch_measures_a_known_pause) {
    Stopwatch watch;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // the thing being measured
    const double seconds = watch.seconds();
    BOOST_TEST(seconds >= 0.030);
    BOOST_TEST(seconds < 10.0);
    BOOST_TEST(watch.milliseconds() >= 30.0);
    watch.restart();
    BOOST_TEST(watch.seconds() < seconds);
}

BOOST_AUTO_TEST_CASE(speedup_and_efficiency_against_the_first_row) {
    ResultTable table("work");
    table.add("serial", 2.0, 1);
    table.add("two", 1.0, 2);
    table.add("four", 0.8, 4);
    const auto& rows = table.rows();
    BOOST_TEST_REQUIRE(rows.size() == 3u);
    BOOST_TEST(rows[0].speedup == 1.0);
    BOOST_TEST(rows[1].speedup == 2.0);
    BOOST_TEST(rows[2].speedup == 2.5);
    BOOST_TEST(rows[1].efficiency == 1.0);
    BOOST_TEST(rows[2].efficiency == 0.625);
}

BOOST_AUTO_TEST_CASE(render_and_csv_hold_every_row) {
    ResultTable table("primes");
    table.add("serial", 2.0, 1);
    table.add("2 threads", 1.0, 2);
    const std::string text = table.render();
    BOOST_TEST(text.find("primes") == 0u);
    BOOST_TEST(text.find("serial") != std::string::npos);
    BOOST_TEST(text.find("2.00x") != std::string::npos);
    BOOST_TEST(text.find("100%") != std::string::npos);
    BOOST_TEST(table.csv() ==
               "name,seconds,workers,speedup,efficiency\n"
               "\"serial\",2,1,1,1\n"
               "\"2 threads\",1,2,2,1\n");
}

BOOST_AUTO_TEST_CASE(each_group_has_its_own_baseline) {
    ResultTable table("two workloads");
    table.start_group("waits");
    table.add("serial", 2.0, 1);
    table.add("threads", 0.5, 4);
    table.start_group("fetches");
    table.add("serial", 1.0, 1);
    table.add("coroutines", 0.1, 1);
    const auto& rows = table.rows();
    BOOST_TEST_REQUIRE(rows.size() == 4u);
    BOOST_TEST(rows[1].speedup == 4.0);
    BOOST_TEST(rows[2].speedup == 1.0);  // the second group's own baseline
    BOOST_TEST(rows[3].speedup == 10.0);
    BOOST_TEST(table.csv() ==
               "name,seconds,workers,speedup,efficiency\n"
               "\"waits: serial\",2,1,1,1\n"
               "\"waits: threads\",0.5,4,4,1\n"
               "\"fetches: serial\",1,1,1,1\n"
               "\"fetches: coroutines\",0.1,1,10,10\n");
    const std::string text = table.render();
    BOOST_TEST(text.find(" waits\n") != std::string::npos);
    BOOST_TEST(text.find(" fetches\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(write_csv_creates_the_directory) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("cookbook_timing_test_" + std::to_string(::getpid()));
    const auto path = dir / "sub" / "table.csv";
    ResultTable table("t");
    table.add("only", 1.5, 1);
    BOOST_TEST_REQUIRE(table.write_csv(path.string()));
    std::ifstream file(path);
    std::stringstream content;
    content << file.rdbuf();
    BOOST_TEST(content.str() == table.csv());
    std::filesystem::remove_all(dir);
    BOOST_TEST(!table.write_csv("/proc/no/such/dir/table.csv"));
}

BOOST_AUTO_TEST_SUITE_END()
