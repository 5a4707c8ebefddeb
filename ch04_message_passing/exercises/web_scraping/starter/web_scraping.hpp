// Exercise web_scraping -- your work goes here. See ../README.md for the task, and
// ../given.hpp for what you get: PageInfo, and body_of(client, url) to read one page.
//
// Build and run the tests against this file:
//   cmake --build build/ch04 --target ch04_web_scraping_starter &&
//   build/ch04/ch04_web_scraping_starter
// Everything compiles as it is; each function throws until you write it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../given.hpp"

namespace web_scraping {

// Part 1: the title and the links of one HTML page, found with plain string searching.
inline PageInfo extract(std::string_view /*html*/) {
    // TODO 1: find "<title>" and the "</title>" after it; the text between them is the title.
    //         No complete pair: the title stays empty.
    // TODO 2: find every `href="`, from the start of the page to its end; the text up to the
    //         next '"' is a link. Keep them in order (repeats too); a quote that never closes
    //         ends the search.
    throw std::logic_error("TODO: extract");
}

// Part 2: every page, one after another, with one http::Client. Result i is the page of urls[i].
inline std::vector<PageInfo> scrape_serial(const std::vector<std::string>& /*urls*/) {
    // TODO 3: one cookbook::http::Client; for each URL, extract(body_of(client, url)).
    throw std::logic_error("TODO: scrape_serial");
}

// Part 3: the same result, with `workers` threads (or coroutines) and so at most `workers`
// requests in flight at once. workers < 1: std::invalid_argument. A page that cannot be read:
// std::runtime_error (body_of's), thrown only after every worker has stopped.
inline std::vector<PageInfo> scrape_concurrent(const std::vector<std::string>& /*urls*/,
                                               int /*workers*/) {
    // TODO 4: check `workers`; make the result vector its final size first (one slot per URL).
    // TODO 5: start the workers. Each has its own Client, and repeatedly takes the next URL
    //         index from a shared counter (std::atomic), fetches and extracts that page and
    //         stores it in its slot -- until no URL is left, or another worker has failed.
    // TODO 6: a worker must not let an exception escape its thread (that ends the program):
    //         catch it, keep the first one, tell the others to stop.
    // TODO 7: join every worker; then rethrow the kept exception, or return the result.
    throw std::logic_error("TODO: scrape_concurrent");
}

}  // namespace web_scraping
