// For the readers' tests: a corpus server started by the test itself, a URL file for it (with
// bad URLs added on request), and the checksum a reader printed.
#pragma once

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cookbook/http.hpp"
#include "cookbook/testing.hpp"

namespace reader_test {

namespace http = cookbook::http;

// The hexadecimal checksum of a reader's summary line ("... checksum 0123abcd...").
inline std::string checksum_in(const std::string& out) {
    const std::string line = cookbook::testing::line_with(out, ", checksum ");
    const auto at = line.find(", checksum ");
    return at == std::string::npos ? "" : line.substr(at + 11, 16);
}

inline std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

// A loopback URL on which nothing listens: a port the OS gave us, closed again at once.
inline std::string refused_url() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor probe(
        io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    const auto port = probe.local_endpoint().port();
    probe.close();
    return "http://127.0.0.1:" + std::to_string(port) + "/pages/0.html";
}

// A server on its own threads for the length of a test, and a file listing its pages.
struct ServedCorpus {
    http::Corpus corpus;
    http::CorpusServer server;
    std::filesystem::path url_file;

    explicit ServedCorpus(int pages, std::vector<std::string> extra_urls = {})
        : corpus({.pages = pages, .page_bytes = 2000, .latency = std::chrono::milliseconds(2), .seed = 9}),
          server(corpus),
          url_file(std::filesystem::temp_directory_path() /
                   ("cookbook_urls_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++) + ".txt")) {
        std::ofstream file(url_file);
        file << "# pages of a server started by the test\n";
        for (const auto& url : server.urls()) {
            file << url << "\n\n";  // blank lines are skipped
        }
        for (const auto& url : extra_urls) {
            file << url << "\n";
        }
    }
    ~ServedCorpus() { std::filesystem::remove(url_file); }

    static int& counter() {
        static int value = 0;
        return value;
    }
};

// What every reader must do with the same URL file: the good pages read, the bad ones reported.
inline void check_reader_against_a_served_corpus(const std::string& recipe,
                                                 const std::vector<std::string>& args) {
    namespace testing = cookbook::testing;
    {
        ServedCorpus served(30);
        std::vector<std::string> all = args;
        all.insert(all.end(), {"--url-file", served.url_file.string()});
        const auto run = testing::run_recipe(recipe, all);
        BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
        BOOST_TEST(testing::number_after(run.out, "pages: ") == 30.0);
        BOOST_TEST(checksum_in(run.out) == hex(served.corpus.checksum()), run.out);
        BOOST_TEST(served.server.requests_served() == 30);
        BOOST_TEST(testing::count_lines_with(run.out, "progress: ") == 4);
    }
    {
        const std::string missing_page = "/pages/999.html";
        ServedCorpus served(10, {refused_url(), "https://127.0.0.1/x", "GARBAGE"});
        const std::string not_found = served.server.base_url() + missing_page;
        std::ofstream(served.url_file, std::ios::app) << not_found << "\n";
        std::vector<std::string> all = args;
        all.insert(all.end(), {"--url-file", served.url_file.string()});
        const auto run = testing::run_recipe(recipe, all);
        BOOST_TEST(run.status.exited);
        BOOST_TEST(run.status.code == 1, run.describe());  // not all URLs could be read
        BOOST_TEST(testing::line_with(run.out, "pages: ").find("pages: 10 of 14 read, 4 failed, ") == 0u,
                   run.out);
        BOOST_TEST(checksum_in(run.out) == hex(served.corpus.checksum()));  // the good pages
        BOOST_TEST(testing::count_lines_with(run.err, "error: failed: ") == 4, run.err);
        BOOST_TEST(testing::count_lines_with(run.err, not_found + ": HTTP status 404") == 1, run.err);
        BOOST_TEST(testing::count_lines_with(run.err, "GARBAGE: not an http:// URL") == 1, run.err);
    }
}

}  // namespace reader_test
