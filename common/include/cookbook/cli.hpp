// Command-line options with one convention for every recipe (on Boost.Program_options):
//   --help            prints the usage and exits 0;
//   a bad value (--threads abc), a value out of range (--threads 0), an unknown flag
//                     -> one line "error: ..." on stderr and exit status 2.
//
//   int threads = 4;
//   long items = 100000;
//   cookbook::cli::Options options("ch02_lock", "Counts with N threads under a mutex.");
//   options.count("threads", threads, "number of threads", 1, 64)
//          .count("items", items, "increments per thread", 1, 100'000'000);
//   options.parse(argc, argv);   // returns only if the options are good
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace cookbook::cli {

class Options {
  public:
    Options(std::string program, std::string description);
    ~Options();
    Options(const Options&) = delete;
    Options& operator=(const Options&) = delete;

    // --NAME N: a whole number in [min, max] (counts, sizes, seeds). The current value of
    // `value` is the default shown by --help.
    Options& count(const std::string& name, int& value, const std::string& help, int min, int max);
    Options& count(const std::string& name, long& value, const std::string& help, long min,
                   long max);
    // --NAME X: a real number in [min, max].
    Options& real(const std::string& name, double& value, const std::string& help, double min,
                  double max);
    // --NAME MS: a duration in whole milliseconds, in [min, max].
    Options& milliseconds(const std::string& name, std::chrono::milliseconds& value,
                          const std::string& help, std::chrono::milliseconds min,
                          std::chrono::milliseconds max);
    // --NAME TEXT: any text (a path, a URL).
    Options& text(const std::string& name, std::string& value, const std::string& help);
    // --NAME TEXT, one of `choices`.
    Options& choice(const std::string& name, std::string& value, const std::string& help,
                    std::vector<std::string> choices);
    // --NAME: a switch, false unless given.
    Options& flag(const std::string& name, bool& value, const std::string& help);
    // --NAME N (N >= 0), left out of --help: how a program that re-runs itself tells the child
    // which part it is (--child 3). Stays at its initial value (e.g. -1) when not given.
    Options& internal(const std::string& name, int& value);
    Options& internal(const std::string& name, std::string& value);

    // What parse() would do, without exiting: for tests.
    enum class Status { ok, help, error };
    struct Outcome {
        Status status;
        std::string message;  // the usage text for help, "error: ..." for an error
    };
    Outcome try_parse(int argc, const char* const* argv);

    // Parses; returns if all is well. --help: usage on stdout, exit 0.
    // Any error: one "error: ..." line on stderr, exit 2.
    void parse(int argc, const char* const* argv);

    std::string usage() const;

    // The visible options as command-line arguments, each with its current value
    // ("--threads=4", ...; a flag only when set): how a program that re-runs itself hands its
    // settings to its children. Internal options are left out: the child gets its own (--child 3).
    std::vector<std::string> arguments() const;
    // The same, then `extra`: a child's whole command line, e.g.
    //   Child::self(options.arguments({"--child", std::to_string(i), "--shm", name}))
    std::vector<std::string> arguments(std::initializer_list<std::string> extra) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    Options& add(const std::string& name, const std::string& help, std::string default_text,
                 std::function<void(const std::string&)> store,
                 std::function<std::string()> current);
};

}  // namespace cookbook::cli
