// Exercise web_scraping -- what is given: what a scraped page is, and reading one page's body.
// Included by starter/web_scraping.hpp and solution/web_scraping.hpp.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cookbook/http.hpp"

namespace web_scraping {

// What the scraper keeps of one page.
struct PageInfo {
    std::string title;               // the text between <title> and </title>; empty if none
    std::vector<std::string> links;  // every href="..." value, in the order they appear
    bool operator==(const PageInfo&) const = default;
};

// The body of the page at `url`, read with `client` (a blocking HTTP client that keeps its
// connection open between requests: use one per thread). Throws std::runtime_error, naming
// the URL, if the page cannot be read (refused, timed out, not status 200, not an http:// URL).
inline std::string body_of(cookbook::http::Client& client, const std::string& url) {
    cookbook::http::Page page = client.get(url);
    if (!page.ok()) {
        throw std::runtime_error(
            url + ": " +
            (page.error.empty() ? "HTTP status " + std::to_string(page.status) : page.error));
    }
    return std::move(page.body);
}

}  // namespace web_scraping
