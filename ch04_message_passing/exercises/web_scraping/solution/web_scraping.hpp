// Exercise web_scraping -- one solution (see ../README.md for the task).
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "../given.hpp"

namespace web_scraping {

// Plain string searching: enough for pages we generate ourselves. (Real-world HTML has
// single quotes, spaces around '=', comments and scripts: use an HTML parser for that.)
inline PageInfo extract(std::string_view html) {
    PageInfo page;
    constexpr std::string_view open = "<title>", close = "</title>", href = "href=\"";
    if (const auto start = html.find(open); start != std::string_view::npos) {
        const auto text = start + open.size();
        if (const auto end = html.find(close, text); end != std::string_view::npos) {
            page.title = html.substr(text, end - text);
        }
    }
    for (auto at = html.find(href); at != std::string_view::npos; at = html.find(href, at)) {
        const auto value = at + href.size();
        const auto quote = html.find('"', value);
        if (quote == std::string_view::npos) {
            break;  // an attribute that never closes: the page ends inside it
        }
        page.links.emplace_back(html.substr(value, quote - value));
        at = quote + 1;
    }
    return page;
}

inline std::vector<PageInfo> scrape_serial(const std::vector<std::string>& urls) {
    cookbook::http::Client client;  // one connection, kept open from page to page
    std::vector<PageInfo> pages;
    for (const auto& url : urls) {
        pages.push_back(extract(body_of(client, url)));
    }
    return pages;
}

// Worker threads share only two things: an atomic counter that hands out URL indices (each
// index to exactly one worker), and the result vector, in which each worker writes only the
// slots of the indices it took. So no lock is needed for the pages: no slot has two writers,
// and join() makes every write visible to this thread. The lock guards the first error only.
inline std::vector<PageInfo> scrape_concurrent(const std::vector<std::string>& urls, int workers) {
    if (workers < 1) {
        throw std::invalid_argument("scrape_concurrent: workers must be at least 1");
    }
    std::vector<PageInfo> pages(urls.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::exception_ptr first_error;
    {
        std::vector<std::jthread> threads;
        const auto count = std::min(static_cast<std::size_t>(workers), urls.size());
        for (std::size_t w = 0; w < count; ++w) {
            threads.emplace_back([&] {
                try {  // the Client too: making one can fail (no file descriptor left)
                    cookbook::http::Client client;  // this worker's own connection
                    for (std::size_t i = next++; i < urls.size() && !failed; i = next++) {
                        pages[i] = extract(body_of(client, urls[i]));
                    }
                } catch (...) {  // keep it for the caller: an exception must not leave a thread
                    const std::lock_guard lock(error_mutex);
                    if (!failed.exchange(true)) {
                        first_error = std::current_exception();
                    }
                }
            });
        }
    }  // every jthread joins here
    if (first_error) {
        std::rethrow_exception(first_error);
    }
    return pages;
}

}  // namespace web_scraping
