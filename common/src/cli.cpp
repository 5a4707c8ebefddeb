#include "cookbook/cli.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "cookbook/console.hpp"
#include "cookbook/trace.hpp"

namespace po = boost::program_options;

namespace cookbook::cli {
namespace {

struct bad_value : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The whole text must be a number of type T: "12" yes, "12x", "", "1e3" (for ints) no.
template <class T>
T to_number(const std::string& name, const std::string& text, const char* what) {
    T value{};
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error == std::errc::result_out_of_range) {
        throw bad_value("--" + name + ": '" + text + "' is out of range");
    }
    if (error != std::errc{} || stop != end || text.empty()) {
        throw bad_value("--" + name + ": '" + text + "' is not " + what);
    }
    return value;
}

template <class T>
void check_range(const std::string& name, T value, T min, T max) {
    if (!(value >= min && value <= max)) {  // written so that a NaN fails too
        throw bad_value(
            console::concat("--", name, ": ", value, " is out of range [", min, ", ", max, "]"));
    }
}

struct Entry {
    std::string name;
    bool is_flag;
    std::function<void(const std::string&)> store;
    std::function<std::string()> current;  // the value as an argument; empty function: internal
};

// The shortest text that reads back as the same double.
std::string exact_text(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

}  // namespace

struct Options::Impl {
    std::string program;
    std::string description;
    po::options_description visible{"options"};
    po::options_description hidden{"internal"};
    std::vector<Entry> entries;
    std::string trace_path;  // --trace FILE, which every program has (see cookbook/trace.hpp)
    bool trace_added = false;
};

Options::Options(std::string program, std::string description) : impl_(std::make_unique<Impl>()) {
    impl_->program = std::move(program);
    impl_->description = std::move(description);
    impl_->visible.add_options()("help,h", "show this help and exit");
}

Options::~Options() = default;

Options& Options::add(const std::string& name, const std::string& help, std::string default_text,
                      std::function<void(const std::string&)> store,
                      std::function<std::string()> current) {
    const bool hidden = !current;
    auto& description = hidden ? impl_->hidden : impl_->visible;
    const std::string text = default_text.empty() ? help : help + " (default " + default_text + ")";
    description.add_options()(name.c_str(), po::value<std::string>()->value_name("ARG"),
                              text.c_str());
    impl_->entries.push_back({name, false, std::move(store), std::move(current)});
    return *this;
}

Options& Options::count(const std::string& name, int& value, const std::string& help, int min,
                        int max) {
    return add(
        name, help, std::to_string(value),
        [&value, name, min, max](const std::string& s) {
            const int parsed = to_number<int>(name, s, "a whole number");
            check_range(name, parsed, min, max);
            value = parsed;
        },
        [&value] { return std::to_string(value); });
}

Options& Options::count(const std::string& name, long& value, const std::string& help, long min,
                        long max) {
    return add(
        name, help, std::to_string(value),
        [&value, name, min, max](const std::string& s) {
            const long parsed = to_number<long>(name, s, "a whole number");
            check_range(name, parsed, min, max);
            value = parsed;
        },
        [&value] { return std::to_string(value); });
}

Options& Options::real(const std::string& name, double& value, const std::string& help, double min,
                       double max) {
    return add(
        name, help, console::concat(value),
        [&value, name, min, max](const std::string& s) {
            const double parsed = to_number<double>(name, s, "a number");
            check_range(name, parsed, min, max);
            value = parsed;
        },
        [&value] { return exact_text(value); });
}

Options& Options::milliseconds(const std::string& name, std::chrono::milliseconds& value,
                               const std::string& help, std::chrono::milliseconds min,
                               std::chrono::milliseconds max) {
    return add(
        name, help + " [ms]", std::to_string(value.count()),
        [&value, name, min, max](const std::string& s) {
            const long long parsed = to_number<long long>(name, s, "a whole number of ms");
            check_range(name, parsed, static_cast<long long>(min.count()),
                        static_cast<long long>(max.count()));
            value = std::chrono::milliseconds(parsed);
        },
        [&value] { return std::to_string(value.count()); });
}

Options& Options::text(const std::string& name, std::string& value, const std::string& help) {
    return add(
        name, help, value, [&value](const std::string& s) { value = s; },
        [&value] { return value; });
}

Options& Options::choice(const std::string& name, std::string& value, const std::string& help,
                         std::vector<std::string> choices) {
    std::string listed;
    for (const auto& c : choices) {
        listed += (listed.empty() ? "" : ", ") + c;
    }
    return add(
        name, help + " (" + listed + ")", value,
        [&value, name, choices, listed](const std::string& s) {
            if (std::find(choices.begin(), choices.end(), s) == choices.end()) {
                throw bad_value("--" + name + ": '" + s + "' is not one of " + listed);
            }
            value = s;
        },
        [&value] { return value; });
}

Options& Options::flag(const std::string& name, bool& value, const std::string& help) {
    impl_->visible.add_options()(name.c_str(), help.c_str());
    impl_->entries.push_back({name, true, [&value](const std::string&) { value = true; },
                              [&value] { return value ? std::string("1") : std::string(); }});
    return *this;
}

Options& Options::internal(const std::string& name, int& value) {
    return add(
        name, "", "",
        [&value, name](const std::string& s) {
            const int parsed = to_number<int>(name, s, "a whole number");
            check_range(name, parsed, 0, 1'000'000);
            value = parsed;
        },
        nullptr);
}

Options& Options::internal(const std::string& name, std::string& value) {
    return add(
        name, "", "", [&value](const std::string& s) { value = s; }, nullptr);
}

std::vector<std::string> Options::arguments() const {
    std::vector<std::string> result;
    for (const auto& entry : impl_->entries) {
        if (!entry.current) {
            continue;  // internal
        }
        const std::string value = entry.current();
        if (entry.is_flag) {
            if (!value.empty()) {
                result.push_back("--" + entry.name);
            }
        } else if (!value.empty()) {  // empty: never given (the parser refuses "--name=")
            result.push_back("--" + entry.name + "=" + value);  // "=": a value may start with '-'
        }
    }
    return result;
}

std::vector<std::string> Options::arguments(std::initializer_list<std::string> extra) const {
    std::vector<std::string> result = arguments();
    result.insert(result.end(), extra);
    return result;
}

std::string Options::usage() const {
    std::ostringstream out;
    out << "usage: " << impl_->program << " [options]\n"
        << impl_->description << "\n\n"
        << impl_->visible;
    return out.str();
}

Options::Outcome Options::try_parse(int argc, const char* const* argv) {
    if (!impl_->trace_added) {  // last, after the program's own options
        impl_->trace_added = true;
        text("trace", impl_->trace_path,
             "write a timeline of the run to this file (Chrome trace JSON: open it in "
             "ui.perfetto.dev)");
    }
    po::options_description all;
    all.add(impl_->visible).add(impl_->hidden);
    try {
        po::variables_map vm;
        // No abbreviations: --thr must not silently mean --threads.
        const int style =
            po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
        const po::positional_options_description no_positional_arguments;
        po::store(po::command_line_parser(argc, argv)
                      .options(all)
                      .positional(no_positional_arguments)
                      .style(style)
                      .run(),
                  vm);
        if (vm.count("help") != 0) {
            return {Status::help, usage()};
        }
        for (const auto& entry : impl_->entries) {
            if (vm.count(entry.name) != 0) {
                entry.store(entry.is_flag ? std::string{} : vm[entry.name].as<std::string>());
            }
        }
    } catch (const std::exception& e) {  // po::error or bad_value: both are the user's input
        return {Status::error, std::string("error: ") + e.what() + " (see --help)"};
    }
    return {Status::ok, {}};
}

void Options::parse(int argc, const char* const* argv) {
    const Outcome outcome = try_parse(argc, argv);
    if (outcome.status == Status::help) {
        std::string text = outcome.message;
        if (!text.empty() && text.back() == '\n') {
            text.pop_back();
        }
        console::line(text);
        std::exit(0);
    }
    if (outcome.status == Status::error) {
        console::write_line(2, outcome.message);
        std::exit(2);
    }
    if (!trace::start(impl_->trace_path, impl_->program)) {
        console::error("--trace: cannot write ", impl_->trace_path);
        std::exit(2);
    }
}

}  // namespace cookbook::cli
