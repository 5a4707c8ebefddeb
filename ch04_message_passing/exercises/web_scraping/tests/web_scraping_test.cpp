// Tests for the web_scraping exercise. Built against solution/ (registered with CTest) and
// against starter/ (ch04_web_scraping_starter: built, not registered). Every case has a time
// limit: a worker that never stops must fail its test, not hang the run.
#define BOOST_TEST_MODULE web_scraping
#include "web_scraping.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "cookbook/http.hpp"

namespace http = cookbook::http;
using web_scraping::PageInfo;
using namespace std::chrono_literals;

namespace {

// A corpus served on loopback by the test itself, for the length of one test.
struct Served {
    http::Corpus corpus;
    http::CorpusServer server;
    explicit Served(int pages, std::chrono::milliseconds latency = 0ms)
        : corpus({.pages = pages, .page_bytes = 1500, .latency = latency, .seed = 4}),
          server(corpus) {}

    // What a correct scraper finds on every page: Corpus::title() and Corpus::links() say it.
    std::vector<PageInfo> expected() const {
        std::vector<PageInfo> pages;
        for (int i = 0; i < corpus.size(); ++i) {
            PageInfo page{corpus.title(i), {}};
            for (int target : corpus.links(i)) {
                page.links.push_back(http::Corpus::path(target));
            }
            pages.push_back(page);
        }
        return pages;
    }
};

// A loopback URL whose connections are refused: its port is held by a bound socket that never
// listens, so no one else can be given that port meanwhile.
struct RefusedUrl {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket{io};
    RefusedUrl() {
        socket.open(boost::asio::ip::tcp::v4());
        socket.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(socket.local_endpoint().port()) +
               "/pages/0.html";
    }
};

bool same(const std::vector<PageInfo>& a, const std::vector<PageInfo>& b) {
    return a == b;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(web_scraping_exercise)

BOOST_AUTO_TEST_CASE(extract_finds_the_title_and_every_link_in_order,
                     *boost::unit_test::timeout(30)) {
    const PageInfo page = web_scraping::extract(
        "<html><head><title>Hello, world</title></head><body>\n"
        "<a href=\"/a.html\">A</a> <p>some text</p> <a class=\"x\" href=\"/b.html\">B</a>\n"
        "<a href=\"/a.html\">A again</a></body></html>");
    BOOST_TEST(page.title == "Hello, world");
    BOOST_TEST(page.links == (std::vector<std::string>{"/a.html", "/b.html", "/a.html"}),
               boost::test_tools::per_element());
    BOOST_TEST((web_scraping::extract("<p>no title, no links</p>") == PageInfo{}));
    BOOST_TEST((web_scraping::extract("") == PageInfo{}));
    BOOST_TEST(web_scraping::extract("<title>never closed").title.empty());
    BOOST_TEST(web_scraping::extract("<a href=\"/x.html\">x</a><a href=\"/cut").links ==
                   std::vector<std::string>{"/x.html"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(extract_agrees_with_the_corpus_on_every_page, *boost::unit_test::timeout(30)) {
    const Served served(60);
    const auto expected = served.expected();
    for (int i = 0; i < served.corpus.size(); ++i) {
        BOOST_TEST_CONTEXT("page " << i) {
            BOOST_TEST((web_scraping::extract(served.corpus.page(i)) == expected[i]));
        }
    }
}

BOOST_AUTO_TEST_CASE(the_serial_scrape_reads_every_page_one_at_a_time,
                     *boost::unit_test::timeout(60)) {
    Served served(30, 2ms);
    const auto pages = web_scraping::scrape_serial(served.server.urls());
    BOOST_TEST(same(pages, served.expected()));
    BOOST_TEST(served.server.requests_served() == 30);
    BOOST_TEST(served.server.most_in_flight() == 1);
}

BOOST_AUTO_TEST_CASE(the_concurrent_scrape_equals_the_serial_one, *boost::unit_test::timeout(120)) {
    Served served(40, 2ms);
    const auto urls = served.server.urls();
    const auto serial = web_scraping::scrape_serial(urls);
    BOOST_TEST_REQUIRE(same(serial, served.expected()));
    for (const int workers : {1, 2, 3, 8, 64}) {  // 64: more workers than pages
        BOOST_TEST_CONTEXT("workers: " << workers) {
            BOOST_TEST(same(web_scraping::scrape_concurrent(urls, workers), serial));
        }
    }
    BOOST_TEST(web_scraping::scrape_concurrent({}, 4).empty());
}

// The bound, seen from the server: with enough pages, each taking a while, the most requests
// it was answering at one moment is exactly `workers` -- never more (the bound holds) and not
// fewer (the requests really overlap).
BOOST_AUTO_TEST_CASE(at_most_workers_requests_are_in_flight, *boost::unit_test::timeout(120)) {
    for (const int workers : {1, 4}) {
        BOOST_TEST_CONTEXT("workers: " << workers) {
            Served served(24, 40ms);
            const auto pages = web_scraping::scrape_concurrent(served.server.urls(), workers);
            BOOST_TEST(same(pages, served.expected()));
            BOOST_TEST(served.server.requests_served() == 24);
            BOOST_TEST(served.server.most_in_flight() == workers);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_page_that_cannot_be_read_is_an_error, *boost::unit_test::timeout(60)) {
    Served served(20);
    const RefusedUrl refused;
    BOOST_CHECK_THROW(web_scraping::scrape_concurrent(served.server.urls(), 0),
                      std::invalid_argument);
    for (const std::string& bad : {served.server.base_url() + "/pages/999.html", refused.url()}) {
        BOOST_TEST_CONTEXT("bad URL: " << bad) {
            std::vector<std::string> urls = served.server.urls();
            urls.insert(urls.begin() + 7, bad);
            BOOST_CHECK_EXCEPTION(
                web_scraping::scrape_serial(urls), std::runtime_error,
                [&](const std::runtime_error& e) { return std::string(e.what()).find(bad) == 0; });
            for (const int workers : {1, 3}) {
                BOOST_CHECK_EXCEPTION(web_scraping::scrape_concurrent(urls, workers),
                                      std::runtime_error, [&](const std::runtime_error& e) {
                                          return std::string(e.what()).find(bad) == 0;
                                      });
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
