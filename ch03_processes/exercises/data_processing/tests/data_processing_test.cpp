// The tests of the exercise: the parallel count must equal the serial one, whatever the number
// of workers, and must leave nothing behind (no child process, nothing in /dev/shm).
#include "data_processing.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <fstream>

#include "cookbook/ipc.hpp"
#include "cookbook/temp_dir.hpp"
#include "cookbook/timing.hpp"

using data_processing::Counts;

namespace {

// A directory of its own for each test, removed afterwards (also on Ctrl-C).
struct Corpus {
    cookbook::TempDir directory{"data"};
    std::vector<std::string> generate(int files, int words, unsigned seed) {
        return data_processing::generate_corpus(directory.path().string(), files, words, seed);
    }
    std::string write(const std::string& name, const std::string& text) {
        const std::string path = directory.file(name);
        std::ofstream(path) << text;
        return path;
    }
};

bool no_child_left() {
    siginfo_t info{};
    return ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == -1 && errno == ECHILD;
}

long total_words(const Counts& counts) {
    long total = 0;
    for (const auto& [word, count] : counts) {
        total += count;
    }
    return total;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_processing_exercise)

BOOST_AUTO_TEST_CASE(counts_a_small_text_right) {
    Corpus corpus;
    const std::vector<std::string> paths = {corpus.write("a.txt", "The cat, the DOG.\nthe end"),
                                            corpus.write("b.txt", "cat... Cat! dog")};
    const Counts expected = {{"cat", 3}, {"dog", 2}, {"end", 1}, {"the", 3}};
    BOOST_TEST((data_processing::count_serial(paths) == expected));
    BOOST_TEST((data_processing::count_parallel(paths, 2) == expected));
}

BOOST_AUTO_TEST_CASE(parallel_equals_serial_for_any_number_of_workers) {
    Corpus corpus;
    const auto paths = corpus.generate(300, 400, 42);
    const Counts serial = data_processing::count_serial(paths);
    BOOST_TEST_REQUIRE(total_words(serial) == 300L * 400L);
    BOOST_TEST_REQUIRE(serial.size() > 100u);
    for (const int workers : {1, 2, 3, 4}) {
        BOOST_TEST_CONTEXT("workers: " << workers) {
            const Counts parallel = data_processing::count_parallel(paths, workers);
            BOOST_TEST(parallel.size() == serial.size());
            BOOST_TEST(total_words(parallel) == total_words(serial));
            BOOST_TEST((parallel == serial));
        }
    }
}

BOOST_AUTO_TEST_CASE(more_workers_than_files_and_no_files_at_all) {
    Corpus corpus;
    const auto paths = corpus.generate(3, 50, 7);
    BOOST_TEST((data_processing::count_parallel(paths, 8) == data_processing::count_serial(paths)));
    BOOST_TEST(data_processing::count_parallel({}, 2).empty());
}

BOOST_AUTO_TEST_CASE(leaves_no_child_and_nothing_in_dev_shm) {
    Corpus corpus;
    const auto paths = corpus.generate(20, 100, 3);
    data_processing::count_parallel(paths, 3);
    BOOST_TEST(no_child_left());
    BOOST_TEST(cookbook::ipc::objects_of(::getpid()).empty());
}

BOOST_AUTO_TEST_CASE(errors_are_reported_not_hidden) {
    Corpus corpus;
    BOOST_CHECK_THROW(data_processing::count_parallel({}, 0), std::invalid_argument);
    const auto paths = corpus.generate(5, 20, 1);
    std::vector<std::string> with_missing = paths;
    with_missing.push_back(corpus.directory.file("no_such_file.txt"));
    BOOST_CHECK_THROW(data_processing::count_parallel(with_missing, 2), std::runtime_error);
    BOOST_TEST(no_child_left());
    BOOST_TEST(cookbook::ipc::objects_of(::getpid()).empty());
}

// A worker that dies in the middle of a task (the crash file kills it with SIGKILL) is noticed
// at once: count_parallel throws instead of waiting for the dead worker's results.
BOOST_AUTO_TEST_CASE(a_worker_that_dies_is_reported_not_waited_for) {
    Corpus corpus;
    std::vector<std::string> paths = corpus.generate(10, 50, 5);
    paths.push_back(corpus.write("crash.txt", data_processing::crash_marker + "\nmore words\n"));
    const cookbook::Stopwatch watch;
    BOOST_CHECK_THROW(data_processing::count_parallel(paths, 2), std::runtime_error);
    BOOST_TEST(watch.seconds() < 10.0);  // not after a long silence from the dead worker
    BOOST_TEST(no_child_left());
    BOOST_TEST(cookbook::ipc::objects_of(::getpid()).empty());
}

BOOST_AUTO_TEST_SUITE_END()
