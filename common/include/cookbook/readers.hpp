// What chapter 4's three web readers (web_readers, web_readers_queue, async_web_requests) and
// its web_scraping exercise share -- the plumbing around the lesson -- so that each recipe
// shows only how it runs its requests:
//   - Settings: the options they all take, --timeout-ms (how long one request may take) among them.
//   - Source: the URLs to read. By default a generated corpus served by an embedded
//     http::CorpusServer on a loopback port the OS picks; with --url-file FILE, the http://
//     URLs in that file (one per line; empty lines and lines starting with '#' are skipped).
//     A file without a single URL, a line that is not an http:// URL (said with its line
//     number), or a latency that is not below the timeout, is bad input: exit status 2.
//   - Tally: adds up the pages as they arrive (from any thread), prints a progress line at
//     each quarter, reports every failed URL, and prints the summary. The checksum is the sum
//     of http::body_hash over the bodies read, so it does not depend on the order of arrival:
//     the three readers print the same one for the same corpus.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/http.hpp"

namespace cookbook::readers {

namespace http = cookbook::http;
namespace console = cookbook::console;

struct Settings {
    int pages = 100;
    int page_bytes = 4096;
    int latency_ms = 10;
    int timeout_ms = 5000;
    std::string url_file;

    void add_to(cookbook::cli::Options& options) {
        options.count("pages", pages, "pages in the embedded corpus", 1, 100'000)
            .count("page-bytes", page_bytes, "bytes per page of the embedded corpus", 64,
                   10'000'000)
            .count("latency-ms", latency_ms,
                   "the embedded server's delay per request (below --timeout-ms)", 0, 60'000)
            .count("timeout-ms", timeout_ms, "how long one request may take before it fails", 1,
                   600'000)
            .text("url-file", url_file,
                  "read the http:// URLs in this file instead (one per line)");
    }
    std::chrono::milliseconds timeout() const { return std::chrono::milliseconds(timeout_ms); }
};

class Source {
  public:
    explicit Source(const Settings& settings) {
        if (!settings.url_file.empty()) {
            std::ifstream file(settings.url_file);
            if (!file) {
                console::error("cannot read the URL file ", settings.url_file);
                std::exit(2);  // bad input, like any other bad option
            }
            int number = 0;
            for (std::string line; std::getline(file, line);) {
                number += 1;
                line.erase(line.find_last_not_of(" \t\r") + 1);
                if (line.empty() || line.front() == '#') {
                    continue;
                }
                if (!http::parse_url(line)) {  // Boost.URL: not even worth a request
                    console::error(settings.url_file, ":", number, ": not an http:// URL: ", line);
                    std::exit(2);
                }
                urls_.push_back(line);
            }
            if (urls_.empty()) {
                console::error("no URL in ", settings.url_file);
                std::exit(2);
            }
            console::line("reading ", urls_.size(), " URLs from ", settings.url_file);
            return;
        }
        if (settings.latency_ms >= settings.timeout_ms) {  // every request would time out
            console::error("--latency-ms (", settings.latency_ms, ") must be below --timeout-ms (",
                           settings.timeout_ms, ")");
            std::exit(2);
        }
        corpus_ = std::make_unique<http::Corpus>(
            http::CorpusOptions{.pages = settings.pages,
                                .page_bytes = static_cast<std::size_t>(settings.page_bytes),
                                .latency = std::chrono::milliseconds(settings.latency_ms)});
        server_ = std::make_unique<http::CorpusServer>(*corpus_);
        urls_ = server_->urls();
        console::line("embedded server on ", server_->base_url(), ": ", settings.pages, " pages, ",
                      settings.latency_ms, " ms latency");
    }

    const std::vector<std::string>& urls() const { return urls_; }
    // The checksum a complete read must give: known only for the embedded corpus.
    std::optional<std::uint64_t> expected_checksum() const {
        return corpus_ ? std::optional(corpus_->checksum()) : std::nullopt;
    }

  private:
    std::unique_ptr<http::Corpus> corpus_;
    std::unique_ptr<http::CorpusServer> server_;
    std::vector<std::string> urls_;
};

inline std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

class Tally {
  public:
    explicit Tally(std::size_t total) : total_(static_cast<long>(total)) {}

    void add(const http::Page& page) {
        const std::lock_guard lock(mutex_);
        if (page.ok()) {
            pages_ += 1;
            bytes_ += static_cast<long>(page.body.size());
            checksum_ += http::body_hash(page.body);
        } else {
            failed_ += 1;
            console::error(
                "failed: ", page.url, ": ",
                page.error.empty() ? "HTTP status " + std::to_string(page.status) : page.error);
        }
        while (quarter_ < 4 && (pages_ + failed_) * 4 >= total_ * (quarter_ + 1)) {
            quarter_ += 1;
            console::line("progress: ", pages_ + failed_, " of ", total_, " (", quarter_ * 25,
                          "%)");
        }
    }

    // Prints the summary; returns the exit status: 0 if every URL was read (and the checksum
    // is the expected one, when known).
    int report(double seconds, std::optional<std::uint64_t> expected) const {
        const std::lock_guard lock(mutex_);
        console::line("elapsed: ", console::fixed(seconds, 3), " s, ",
                      console::fixed(seconds > 0 ? static_cast<double>(pages_) / seconds : 0.0, 1),
                      " pages/s");
        const bool right = !expected || *expected == checksum_;
        console::line("pages: ", pages_, " of ", total_, " read, ", failed_, " failed, ", bytes_,
                      " bytes, checksum ", hex(checksum_),
                      expected ? (right ? " (the corpus's)" : " (NOT the corpus's)") : "");
        if (!right && failed_ == 0) {
            console::error("wrong checksum: expected ", hex(*expected));
        }
        return failed_ == 0 && pages_ == total_ && right ? 0 : 1;
    }

  private:
    mutable std::mutex mutex_;
    long total_;
    long pages_ = 0, failed_ = 0, bytes_ = 0;
    int quarter_ = 0;
    std::uint64_t checksum_ = 0;
};

}  // namespace cookbook::readers
