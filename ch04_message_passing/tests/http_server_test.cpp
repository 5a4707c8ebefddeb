#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>
#include <istream>
#include <optional>

#include "cookbook/http.hpp"
#include "cookbook/testing.hpp"

namespace asio = boost::asio;
namespace http = cookbook::http;
namespace testing = cookbook::testing;
using namespace std::chrono_literals;

namespace {

// The server recipe with --serve, its stdout on a pipe that the test reads while it runs.
class ServingRecipe {
public:
    explicit ServingRecipe(const std::vector<std::string>& args) {
        int fds[2];
        BOOST_TEST_REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        read_fd_ = fds[0];
        cookbook::ChildOptions options;
        options.stdout_file = "/proc/self/fd/" + std::to_string(fds[1]);  // the pipe's write end
        options.stdin_from_null = true;
        child_.emplace(testing::recipe_path("http_server"), args, options);
        ::close(fds[1]);
    }
    ~ServingRecipe() { ::close(read_fd_); }

    cookbook::Child& child() { return *child_; }
    // Reads until a whole line containing `needle` has arrived, or `timeout` has passed.
    std::string wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            const std::string complete = out_.substr(0, out_.rfind('\n') + 1);
            if (const std::string line = testing::line_with(complete, needle); !line.empty()) {
                return line;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd entry{read_fd_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&entry, 1, static_cast<int>(left.count())) <= 0) {
                return "";
            }
            char buffer[4096];
            const ssize_t got = ::read(read_fd_, buffer, sizeof buffer);
            if (got <= 0) {
                return "";  // the recipe has ended
            }
            out_.append(buffer, static_cast<std::size_t>(got));
        }
    }
    const std::string& out() const { return out_; }

private:
    int read_fd_ = -1;
    std::string out_;
    std::optional<cookbook::Child> child_;
};

// Raw bytes to the server; the status of its answer (0 if none).
int raw_status(unsigned short port, const std::string& bytes) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(socket, asio::buffer(bytes));
    asio::streambuf reply;
    boost::system::error_code error;
    asio::read_until(socket, reply, "\r\n", error);
    std::istream lines(&reply);
    std::string version;
    int status = 0;
    lines >> version >> status;
    return status;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server)

BOOST_AUTO_TEST_CASE(serves_every_page_and_refuses_bad_requests) {
    const auto run = testing::run_recipe("http_server", {"--pages", "12", "--page-bytes", "500"});
    BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
    BOOST_TEST(testing::line_with(run.out, "pages served and checked: ") ==
               "pages served and checked: 12 of 12; bad requests answered with 4xx: 6 of 6; "
               "still serving: yes");
    BOOST_TEST(run.out.find("  path with .. -> 400\n") != std::string::npos, run.out);
    BOOST_TEST(run.out.find("  page that does not exist -> 404\n") != std::string::npos);
    BOOST_TEST(run.out.find("  target of 300 bytes -> 414\n") != std::string::npos);
    BOOST_TEST(run.out.find("  headers over 8 KiB -> 431\n") != std::string::npos);
}

// --serve: the test is the client. Bad requests from outside get 4xx, the server keeps serving
// the right pages, and SIGTERM stops it cleanly.
BOOST_AUTO_TEST_CASE(serve_mode_answers_a_real_client_and_stops_on_sigterm) {
    ServingRecipe server({"--serve", "--pages", "8", "--page-bytes", "700", "--threads", "2"});
    const std::string serving = server.wait_for_line("serving 8 pages on ", 30s);
    BOOST_TEST_REQUIRE(!serving.empty(), server.out());
    const auto port = static_cast<unsigned short>(*testing::number_after(serving, "(port "));
    BOOST_TEST_REQUIRE(!server.wait_for_line("press Ctrl-C", 10s).empty());

    const std::string host = "Host: 127.0.0.1\r\n";
    BOOST_TEST(raw_status(port, "GET /../../etc/passwd HTTP/1.1\r\n" + host + "\r\n") == 400);
    BOOST_TEST(raw_status(port, "GET /pages/..%2f..%2fetc/passwd HTTP/1.1\r\n" + host + "\r\n") / 100 == 4);
    BOOST_TEST(raw_status(port, "this is not HTTP\r\n\r\n") == 400);
    BOOST_TEST(raw_status(port, "GET / HTTP/1.1\r\n" + host + "X-Huge: " + std::string(20000, 'x') +
                                    "\r\n\r\n") == 431);
    BOOST_TEST(raw_status(port, "DELETE /pages/1.html HTTP/1.1\r\n" + host + "\r\n") == 405);

    const http::Corpus corpus({.pages = 8, .page_bytes = 700});  // the same corpus, built here
    http::Client client;
    for (int i = 0; i < 8; ++i) {
        const auto page = client.get("http://127.0.0.1:" + std::to_string(port) + "/pages/" +
                                     std::to_string(i) + ".html");
        BOOST_TEST(page.ok(), page.error << " status " << page.status);
        BOOST_TEST(page.body == corpus.page(i));
    }

    server.child().signal(SIGTERM);
    const auto status = server.child().wait(10s);
    BOOST_TEST(status.ok(), status.describe());
    BOOST_TEST(server.wait_for_line("served ", 10s) == "served 8 pages, refused 5 bad requests", server.out());
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_with_exit_status_2) {
    testing::check_usage_errors("http_server", {{"--pages", "0"}, {"--port", "-1"},
                                                {"--serve", "yes"}, {"--root", "/"}});
}

BOOST_AUTO_TEST_SUITE_END()
