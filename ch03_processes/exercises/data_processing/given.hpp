// Exercise data_processing -- what is given: the data, counting one file, the serial count,
// and the messages the workers and the parent exchange. Included by starter/ and solution/.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"

namespace data_processing {

using Counts = std::map<std::string, long>;

// Writes `files` text files of `words` generated words each into `directory` (created if
// needed); the same seed gives the same files. Returns their paths.
inline std::vector<std::string> generate_corpus(const std::string& directory, int files, int words,
                                                unsigned seed) {
    static const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "ve", "dan"};
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> syllable(0, 9), length(1, 4), vocabulary(0, 299);
    std::vector<std::string> dictionary;
    for (int i = 0; i < 300; ++i) {  // a fixed vocabulary, so that words repeat across files
        std::string word;
        for (int n = length(random); n > 0; --n) {
            word += syllables[syllable(random)];
        }
        dictionary.push_back(word);
    }
    std::filesystem::create_directories(directory);
    std::vector<std::string> paths;
    for (int f = 0; f < files; ++f) {
        paths.push_back(directory + "/text_" + std::to_string(f) + ".txt");
        std::ofstream out(paths.back());
        for (int w = 0; w < words; ++w) {
            std::string word = dictionary[static_cast<std::size_t>(vocabulary(random))];
            if (w % 7 == 0) {
                word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
            }
            out << word << (w % 11 == 10 ? ".\n" : w % 5 == 4 ? ", " : " ");
        }
    }
    return paths;
}

// The tests' way to make a worker die in the middle of a task, as a real crash would: a file
// whose first line is this kills (SIGKILL) the process that counts it.
inline const std::string crash_marker = "#crash the process that reads this";

// The words of one file, counted: a word is a run of letters, compared in lower case.
inline Counts count_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    if (std::string first; std::getline(in, first) && first == crash_marker) {
        ::raise(SIGKILL);
    }
    in.clear();
    in.seekg(0);
    Counts counts;
    std::string word;
    for (char c; in.get(c);) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            ++counts[word];
            word.clear();
        }
    }
    if (!word.empty()) {
        ++counts[word];
    }
    return counts;
}

inline Counts count_serial(const std::vector<std::string>& paths) {
    Counts total;
    for (const auto& path : paths) {
        for (const auto& [word, count] : count_file(path)) {
            total[word] += count;
        }
    }
    return total;
}

// The messages. Plain fixed-size structs: a message_queue carries bytes, not objects.
struct Task {
    char path[256];  // empty: stop, send your counts and leave
};
struct Result {
    enum Kind : int { word, done, failed } kind;
    long count;     // word: its count; done: how many word messages this worker sent
    long worker;    // the worker's pid
    char text[64];  // word: the word; failed: what went wrong
};

// The worker's whole life (you write it in data_processing.hpp): returns its exit code.
inline int run_worker(const std::string& tasks_name, const std::string& results_name);

// Call first in main(): if this process was started as a worker (this same program with
// --data-processing-worker TASKS RESULTS), runs it and returns its exit code.
inline std::optional<int> run_worker_if_asked(int argc, char* argv[]) {
    if (argc != 4 || std::string(argv[1]) != "--data-processing-worker") {
        return std::nullopt;
    }
    try {
        return run_worker(argv[2], argv[3]);
    } catch (const std::exception& e) {
        cookbook::console::error("worker: ", e.what());
        return 1;
    }
}

}  // namespace data_processing
