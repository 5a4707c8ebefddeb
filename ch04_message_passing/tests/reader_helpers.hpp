// For the readers' tests: a corpus server started by the test itself, a URL file for it (with
// bad URLs added on request), a port that refuses connections, and the checksum a reader printed.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "cookbook/http.hpp"
#include "cookbook/readers.hpp"  // readers::hex, the way the readers print their checksum
#include "cookbook/temp_dir.hpp"
#include "cookbook/testing.hpp"

namespace reader_test {

namespace http = cookbook::http;
using cookbook::readers::hex;

// The hexadecimal checksum of a reader's summary line ("... checksum 0123abcd...").
inline std::string checksum_in(const std::string& out) {
    const std::string line = cookbook::testing::line_with(out, ", checksum ");
    const auto at = line.find(", checksum ");
    return at == std::string::npos ? "" : line.substr(at + 11, 16);
}

// A loopback URL whose connections are refused, for as long as this object lives: its port is
// held by a socket that is bound but never listens, so no other test can be given that port.
class RefusedUrl {
  public:
    RefusedUrl() : socket_(io_) {
        socket_.open(boost::asio::ip::tcp::v4());
        socket_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(socket_.local_endpoint().port()) +
               "/pages/0.html";
    }

  private:
    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_;
};

// A server on its own threads for the length of a test, and a file listing its pages.
struct ServedCorpus {
    http::Corpus corpus;
    http::CorpusServer server;
    cookbook::TempDir directory{"urls"};
    std::string url_file = directory.file("urls.txt");

    explicit ServedCorpus(int pages,
                          std::chrono::milliseconds latency = std::chrono::milliseconds(2),
                          const std::vector<std::string>& extra_urls = {})
        : corpus({.pages = pages, .page_bytes = 2000, .latency = latency, .seed = 9}),
          server(corpus) {
        std::ofstream file(url_file);
        file << "# pages of a server started by the test\n";
        for (const auto& url : server.urls()) {
            file << url << "\n\n";  // blank lines are skipped
        }
        for (const auto& url : extra_urls) {
            file << url << "\n";
        }
    }
};

// `args` followed by --url-file FILE.
inline std::vector<std::string> with_url_file(std::vector<std::string> args,
                                              const std::string& file) {
    args.insert(args.end(), {"--url-file", file});
    return args;
}

// What every reader must do with the same URL file: the good pages read, the bad ones reported.
inline void check_reader_against_a_served_corpus(const std::string& recipe,
                                                 const std::vector<std::string>& args) {
    namespace testing = cookbook::testing;
    {
        ServedCorpus served(30);
        const auto run = testing::run_recipe(recipe, with_url_file(args, served.url_file));
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::number_after(run.out, "pages: ") == 30.0);
        BOOST_TEST(checksum_in(run.out) == hex(served.corpus.checksum()), run.out);
        BOOST_TEST(served.server.requests_served() == 30);
        BOOST_TEST(testing::count_lines_with(run.out, "progress: ") == 4);
    }
    {
        const RefusedUrl refused;
        ServedCorpus served(10, std::chrono::milliseconds(2), {refused.url()});
        const std::string not_found = served.server.base_url() + "/pages/999.html";
        std::ofstream(served.url_file, std::ios::app) << not_found << "\n";
        const auto run = testing::run_recipe(recipe, with_url_file(args, served.url_file));
        BOOST_TEST(run.status.exited);
        BOOST_TEST(run.status.code == 1, run.describe());  // not all URLs could be read
        BOOST_TEST(
            testing::line_with(run.out, "pages: ").find("pages: 10 of 12 read, 2 failed, ") == 0u,
            run.out);
        BOOST_TEST(checksum_in(run.out) == hex(served.corpus.checksum()));  // the good pages
        BOOST_TEST(testing::count_lines_with(run.err, "error: failed: ") == 2, run.err);
        BOOST_TEST(testing::count_lines_with(run.err, not_found + ": HTTP status 404") == 1,
                   run.err);
        BOOST_TEST(testing::count_lines_with(run.err, refused.url() + ": Connection refused") == 1,
                   run.err);
    }
}

// A server slower than --timeout-ms: every request fails with "timed out", promptly.
inline void check_reader_timeouts(const std::string& recipe, const std::vector<std::string>& args) {
    namespace testing = cookbook::testing;
    ServedCorpus served(3, std::chrono::milliseconds(1500));
    std::vector<std::string> all = with_url_file(args, served.url_file);
    all.insert(all.end(), {"--timeout-ms", "100"});
    const auto run = testing::run_recipe(recipe, all);
    BOOST_TEST(run.status.exited);
    BOOST_TEST(run.status.code == 1, run.describe());
    BOOST_TEST(testing::line_with(run.out, "pages: ").find("pages: 0 of 3 read, 3 failed, ") == 0u,
               run.out);
    BOOST_TEST(testing::count_lines_with(run.err, ": timed out") == 3, run.err);
    const auto seconds = testing::number_after(run.out, "elapsed: ");
    BOOST_TEST_REQUIRE(seconds.has_value());
    BOOST_TEST(*seconds < 1.4);  // 3 x 100 ms at worst (one at a time), never the server's 1.5 s
}

// Bad input every reader shares: a URL file without a URL, a latency the timeout cannot wait for.
inline void check_reader_usage_errors(const std::string& recipe) {
    cookbook::TempDir directory("urls");
    const std::string empty = directory.file("empty.txt");
    std::ofstream(empty) << "# only a comment\n\n";
    // Refused before any request, with the line: another scheme, a space, an IPv6 literal
    // without its closing bracket, a host that would put CR LF into the request's headers.
    for (const char* bad : {"https://127.0.0.1/x", "http://127.0.0.1/a b", "http://[::1:80/",
                            "http://a%0d%0aX-Injected:%20yes/", "GARBAGE"}) {
        const std::string file = directory.file("bad.txt");
        std::ofstream(file) << "# a comment\nhttp://127.0.0.1:9/fine\n" << bad << "\n";
        const auto run = cookbook::testing::run_recipe(recipe, {"--url-file", file});
        BOOST_TEST(cookbook::testing::is_usage_error(run), run.describe());
        BOOST_TEST(run.err.find(file + ":3: not an http:// URL: " + bad) != std::string::npos,
                   run.err);
    }
    cookbook::testing::check_usage_errors(recipe, {{"--url-file", empty},
                                                   {"--latency-ms", "100", "--timeout-ms", "100"},
                                                   {"--timeout-ms", "0"}});
}

}  // namespace reader_test
