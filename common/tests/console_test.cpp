#include "cookbook/console.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace console = cookbook::console;

namespace {

// Reads a file descriptor to its end.
std::string read_all(int fd) {
    std::string text;
    char buffer[65536];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(console_output)

BOOST_AUTO_TEST_CASE(concat_prints_like_an_ostream) {
    BOOST_TEST(console::concat("x=", 3, ' ', 2.5, " ", std::string("y")) == "x=3 2.5 y");
    BOOST_TEST(console::concat() == "");
    BOOST_TEST(console::fixed(0.0204175, 3) == "0.020");
    BOOST_TEST(console::fixed(2.5, 0) == "2");  // rounds half to even, as printf does
    BOOST_TEST(console::fixed(-1.25, 1) == "-1.2");
}

BOOST_AUTO_TEST_CASE(tags_name_threads_and_processes) {
    BOOST_TEST(console::thread_tag(2) == "[thread 2]");
    BOOST_TEST(console::pid_tag(4242) == "[pid 4242]");
    BOOST_TEST(console::pid_tag() == console::pid_tag(static_cast<long>(::getpid())));
}

// Lines longer than PIPE_BUF (4 KiB) may be split by the kernel into several writes, so
// only the mutex inside write_line keeps two threads' long lines from interleaving.
BOOST_AUTO_TEST_CASE(long_lines_from_many_threads_stay_whole) {
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe(fds) == 0);
    std::string received;
    std::thread reader([&] { received = read_all(fds[0]); });

    constexpr int threads = 6;
    constexpr int lines_each = 40;
    constexpr std::size_t length = 20000;
    {
        std::vector<std::jthread> writers;
        for (int t = 0; t < threads; ++t) {
            writers.emplace_back([t, fd = fds[1]] {
                for (int i = 0; i < lines_each; ++i) {
                    std::string line = console::concat(t, ':', i, ':');
                    line.append(length, static_cast<char>('a' + t));
                    console::write_line(fd, line);
                }
            });
        }
    }
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);

    std::map<int, int> next_line_of_thread;
    std::istringstream lines(received);
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        const auto first = line.find(':');
        const auto second = line.find(':', first + 1);
        BOOST_TEST_REQUIRE(second != std::string::npos);
        const int t = std::stoi(line.substr(0, first));
        const int i = std::stoi(line.substr(first + 1, second - first - 1));
        BOOST_TEST(i == next_line_of_thread[t]++);  // each thread's lines arrive in its order
        BOOST_TEST(line.substr(second + 1) == std::string(length, static_cast<char>('a' + t)));
    }
    BOOST_TEST(count == threads * lines_each);
}

BOOST_AUTO_TEST_CASE(elapsed_prefix_when_asked) {
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe(fds) == 0);
    console::show_elapsed(true);
    console::write_line(fds[1], "hello");
    console::show_elapsed(false);
    console::write_line(fds[1], "plain");
    ::close(fds[1]);
    const std::string text = read_all(fds[0]);
    ::close(fds[0]);
    BOOST_TEST(std::regex_match(text, std::regex(R"(\[\+\d+\.\d{3}s\] hello\nplain\n)")), text);
    BOOST_TEST(console::elapsed_seconds() >= 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
