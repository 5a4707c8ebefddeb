#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <sstream>

#include "cookbook/ipc.hpp"
#include "cookbook/testing.hpp"
#include "cookbook/testing_process.hpp"
#include "cookbook/timing.hpp"

namespace testing = cookbook::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(process_pool)

BOOST_AUTO_TEST_CASE(results_equal_the_serial_map_in_input_order) {
    const auto run = testing::run_recipe(
        "process_pool", {"--processes", "3", "--tasks", "500", "--work-us", "100"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(run.leftovers.empty(), run.describe());
    // sum of x^2 for x < 500 = 499 * 500 * 999 / 6
    BOOST_TEST(testing::line_with(run.out, "pool.map(") ==
                   "pool.map(square, range(500)): 500 results in input order, equal to the serial "
                   "map (sum 41541750)",
               run.out);
    BOOST_TEST(testing::count_lines_with(run.out, " ready") == 3);
    BOOST_TEST(run.out.find("Pool    : [0, 1, 4, 9, 16, 25, 36, 49, ...]") != std::string::npos,
               run.out);
    // Every task was done by some worker, and only once.
    int done = 0;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("worker pid ", 0) == 0) {
            done += std::stoi(line.substr(line.find(" did ") + 5));
        }
    }
    BOOST_TEST(done == 500);
}

// A worker that dies mid-task is reported, promptly, instead of hanging the pool; the other
// workers are ended and the queues removed.
BOOST_AUTO_TEST_CASE(a_worker_that_dies_is_detected_and_reported) {
    cookbook::Stopwatch watch;
    const auto run = testing::run_recipe(
        "process_pool", {"--processes", "2", "--tasks", "50", "--crash-task", "7"}, 30s);
    BOOST_TEST(!run.timed_out);
    BOOST_TEST(watch.seconds() < 10.0);
    BOOST_TEST(run.status.exited);
    BOOST_TEST(run.status.code == 1);
    BOOST_TEST(run.leftovers.empty(), run.describe());
    BOOST_TEST(testing::count_lines_with(run.err, "error: pool broken: worker ") == 1, run.err);
    BOOST_TEST(run.err.find("ended while the pool was running: killed by signal 9 (SIGKILL)") !=
                   std::string::npos,
               run.err);
    BOOST_TEST(testing::number_after(run.err, "results received: ") <= 49.0);
    // The pool breaks the moment the worker dies: the other may be ended before it said ready.
    const std::vector<long> workers = testing::pids_of_lines_with(run.out, " ready");
    BOOST_TEST(!workers.empty(), run.out);
    BOOST_TEST(workers.size() <= 2u, run.out);
    for (const long pid : workers) {
        BOOST_TEST(testing::gone(pid), "worker " << pid << " was not ended and reaped");
    }
}

// The parent is killed with SIGKILL: no destructor runs, no clean-up code at all. Its workers
// must still end (PR_SET_PDEATHSIG), and the queues it left are swept by the next run.
BOOST_AUTO_TEST_CASE(killing_the_parent_leaves_no_worker_running) {
    const testing::AdoptOrphans adopt;  // the workers become ours when their parent dies
    testing::PipedRun run("process_pool",
                          {"--processes", "3", "--tasks", "1000", "--work-us", "20000"});
    BOOST_TEST_REQUIRE(run.wait_for_lines("ready", 3, 30s), run.out());
    const std::vector<long> workers = testing::pids_of_lines_with(run.out(), "ready");
    BOOST_TEST_REQUIRE(workers.size() == 3u);
    std::vector<testing::ProcessWatch> watches;
    for (const long pid : workers) {
        watches.emplace_back(pid);
        BOOST_TEST(watches.back().opened());  // still running: the map takes ~10 s
    }
    BOOST_TEST(!cookbook::ipc::objects_of(run.child().pid()).empty());  // its queues exist

    run.child().signal(SIGKILL);
    const cookbook::ExitStatus parent = run.child().wait(10s);
    BOOST_TEST(parent.signal == SIGKILL);
    for (const auto& watch : watches) {
        BOOST_TEST(watch.ended_within(10s), "worker " << watch.pid() << " outlived its parent");
    }
    BOOST_TEST(run.read_to_end(10s));  // nobody holds the recipe's stdout any more
    BOOST_TEST(run.out().find("pool.map(") == std::string::npos);  // it really was cut short

    // A SIGKILLed process cannot remove its queues; the next unique_name() user sweeps them.
    cookbook::ipc::remove_stale_objects();
    BOOST_TEST(cookbook::ipc::objects_of(run.child().pid()).empty());
}

// Ctrl-C (SIGINT) or SIGTERM: the signal handler of ipc::remove_guard removes the queues at
// once, and the workers follow their parent.
BOOST_AUTO_TEST_CASE(interrupting_the_parent_removes_its_queues_and_ends_its_workers) {
    for (const int signal_number : {SIGINT, SIGTERM}) {
        const testing::AdoptOrphans adopt;
        testing::PipedRun run("process_pool",
                              {"--processes", "2", "--tasks", "1000", "--work-us", "20000"});
        BOOST_TEST_REQUIRE(run.wait_for_lines("ready", 2, 30s), run.out());
        std::vector<testing::ProcessWatch> watches;
        for (const long pid : testing::pids_of_lines_with(run.out(), "ready")) {
            watches.emplace_back(pid);
        }
        run.child().signal(signal_number);
        const cookbook::ExitStatus parent = run.child().wait(10s);
        BOOST_TEST(parent.signal == signal_number);  // it dies of the signal, as it should
        BOOST_TEST(cookbook::ipc::objects_of(run.child().pid()).empty());
        for (const auto& watch : watches) {
            BOOST_TEST(watch.ended_within(10s), "worker " << watch.pid() << " outlived its parent");
        }
        BOOST_TEST(run.read_to_end(10s));
    }
}

// Two runs at once: each has its own queues (the names carry the pid), so neither takes the
// other's tasks, and both get exactly their own results.
BOOST_AUTO_TEST_CASE(two_runs_at_once_do_not_interfere) {
    testing::PipedRun first("process_pool",
                            {"--processes", "2", "--tasks", "300", "--work-us", "1500"});
    testing::PipedRun second("process_pool",
                             {"--processes", "3", "--tasks", "200", "--work-us", "2000"});
    const auto first_result = first.finish(30s);
    const auto second_result = second.finish(30s);
    for (const auto* result : {&first_result, &second_result}) {
        BOOST_TEST_REQUIRE(result->status.ok(), result->describe());
        BOOST_TEST(result->leftovers.empty(), result->describe());
    }
    BOOST_TEST(testing::number_after(first_result.out, "(sum ") == 8955050.0);   // x < 300
    BOOST_TEST(testing::number_after(second_result.out, "(sum ") == 2646700.0);  // x < 200
    BOOST_TEST(testing::count_lines_with(first_result.out, " ready") == 2);
    BOOST_TEST(testing::count_lines_with(second_result.out, " ready") == 3);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--processes", "0"},
                                                                  {"--tasks", "-1"},
                                                                  {"--crash-task", "x"},
                                                                  {"--work-us", ""},
                                                                  {"--worker"},
                                                                  {"--pool"}}) {
        const auto run = testing::run_recipe("process_pool", args);
        BOOST_TEST(testing::is_usage_error(run), run.describe());
    }
}

BOOST_AUTO_TEST_SUITE_END()
