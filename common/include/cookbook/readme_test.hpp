// Include in exactly one file of a chapter's test suite: adds the test case that keeps the
// chapter guide honest. Every recipe of the chapter must have an example in README.md
// ("Run it: `./cookbook run chNN NAME`" and a block of real output), and running it again
// must print the summary line the guide quotes, as a whole line.
#pragma once

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cookbook/testing.hpp"

BOOST_AUTO_TEST_SUITE(readme)

// It runs every example of the chapter, so CTest gives the suite "readme" five times the usual
// timeout (DiscoverTests.cmake).
BOOST_AUTO_TEST_CASE(every_recipe_has_an_example_whose_summary_is_real) {
    namespace testing = cookbook::testing;
    const auto manifest = testing::read_manifest(COOKBOOK_RECIPE_DIR "/recipes.tsv");
    const auto examples = testing::readme_examples(COOKBOOK_SOURCE_DIR "/README.md");
    BOOST_TEST_REQUIRE(!manifest.empty());
    std::map<std::string, const testing::ManifestEntry*> by_name;
    for (const auto& entry : manifest) {
        by_name[entry.name] = &entry;
        bool documented = false;
        for (const auto& example : examples) {
            documented = documented || example.recipe == entry.name;
        }
        BOOST_TEST(documented, "README.md has no example for " << entry.name);
    }
    for (const auto& example : examples) {
        BOOST_TEST_CONTEXT("README example of " << example.recipe) {
            const auto found = by_name.find(example.recipe);
            BOOST_TEST_REQUIRE((found != by_name.end()), "not a recipe of this chapter");
            if (found->second->runner.rfind("skipped", 0) == 0) {
                BOOST_TEST_MESSAGE(example.recipe << " was not built here ("
                                                  << found->second->runner << "): not checked");
                continue;
            }
            BOOST_TEST_REQUIRE(!example.summary.empty());
            const auto run = testing::run_entry(*found->second, example.args);
            BOOST_TEST_REQUIRE(run.status.ok(), run.describe());
            BOOST_TEST(testing::has_line(run.out, example.summary),
                       "summary line not printed any more: " << example.summary << "\n"
                                                             << run.out);
        }
    }
}

// Every picture the guide shows (![what](images/x.png)) is in the chapter's directory.
// `./cookbook trace --guides` remakes the timelines among them.
BOOST_AUTO_TEST_CASE(every_image_the_guide_links_exists) {
    std::ifstream readme(COOKBOOK_SOURCE_DIR "/README.md");
    std::stringstream text;
    text << readme.rdbuf();
    const std::string guide = text.str();
    int images = 0;
    for (std::size_t at = guide.find("]("); at != std::string::npos;
         at = guide.find("](", at + 2)) {
        const std::size_t bang = guide.rfind("![", at);
        const std::size_t end = guide.find(')', at);
        if (bang == std::string::npos || guide.find('\n', bang) < at || end == std::string::npos) {
            continue;  // a link, not an image
        }
        const std::string path = guide.substr(at + 2, end - at - 2);
        ++images;
        BOOST_TEST(std::filesystem::exists(COOKBOOK_SOURCE_DIR "/" + path),
                   "README.md shows " << path << ", which is not there");
    }
    BOOST_TEST_MESSAGE(images << " images checked");
    // `./cookbook trace --guides` remakes a timeline picture from the command of its "See it
    // run" line: the whole command must be on that line, and its picture must be shown.
    const std::string see = "See it run: `./cookbook trace ";
    for (std::size_t at = guide.find(see); at != std::string::npos; at = guide.find(see, at + 1)) {
        const std::size_t start = at + see.size();
        const std::size_t close = guide.find('`', start), eol = guide.find('\n', start);
        BOOST_TEST_REQUIRE((close != std::string::npos && close < eol),
                           "a \"See it run\" command is cut by a line break");
        std::istringstream words(guide.substr(start, close - start));
        std::string chapter, recipe;
        words >> chapter >> recipe;
        BOOST_TEST(
            guide.find("(images/" + recipe + ".png)") != std::string::npos,
            "README.md says how to make the timeline of " << recipe << " but does not show it");
    }
}

BOOST_AUTO_TEST_SUITE_END()
