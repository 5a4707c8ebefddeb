#include "cookbook/testing.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "cookbook/console.hpp"
#include "cookbook/ipc.hpp"

namespace cookbook::testing {
namespace {

// A temporary file for a child's output; removed when the object goes.
class TempFile {
  public:
    TempFile() {
        const char* dir = std::getenv("TMPDIR");
        std::string pattern = std::string(dir != nullptr ? dir : "/tmp") + "/cookbook_out_XXXXXX";
        const int fd = ::mkstemp(pattern.data());
        if (fd >= 0) {
            ::close(fd);
        }
        path_ = pattern;
    }
    ~TempFile() { ::unlink(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::string& path() const { return path_; }
    std::string read() const {
        std::ifstream file(path_, std::ios::binary);
        std::ostringstream content;
        content << file.rdbuf();
        return content.str();
    }

  private:
    std::string path_;
};

}  // namespace

std::string RunResult::describe() const {
    std::string text = status.describe();
    if (timed_out) {
        text += " (timed out)";
    }
    if (!leftovers.empty()) {
        text += "; left in /dev/shm:";
        for (const auto& name : leftovers) {
            text += " " + name;
        }
    }
    return text + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
}

RunResult run(const std::string& program, const std::vector<std::string>& args,
              std::chrono::milliseconds limit) {
    // Output goes to files, not pipes: a grandchild that keeps a pipe open could otherwise
    // keep us waiting for an end of file after the child itself has ended.
    TempFile out_file;
    TempFile err_file;
    ChildOptions options;
    options.stdout_file = out_file.path();
    options.stderr_file = err_file.path();
    options.stdin_from_null = true;

    RunResult result;
    Child child(program, args, options);
    result.pid = child.pid();
    if (auto status = child.wait_for(limit)) {
        result.status = *status;
    } else {
        result.timed_out = true;
        result.status = child.terminate();
    }
    result.out = out_file.read();
    result.err = err_file.read();
    result.leftovers = ipc::objects_of(result.pid);
    return result;
}

std::string line_with(std::string_view text, std::string_view needle) {
    std::string found;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        if (line.find(needle) != std::string::npos) {
            found = line;
        }
    }
    return found;
}

bool has_line(std::string_view text, std::string_view wanted) {
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        if (line == wanted) {
            return true;
        }
    }
    return false;
}

int count_lines_with(std::string_view text, std::string_view needle) {
    int count = 0;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        if (line.find(needle) != std::string::npos) {
            ++count;
        }
    }
    return count;
}

std::optional<double> number_after(std::string_view text, std::string_view label) {
    const std::string line = line_with(text, label);
    if (line.empty()) {
        return std::nullopt;
    }
    const std::string rest = line.substr(line.find(label) + label.size());
    char* end = nullptr;
    const double value = std::strtod(rest.c_str(), &end);
    if (end == rest.c_str()) {
        return std::nullopt;
    }
    return value;
}

std::vector<ReadmeExample> readme_examples(const std::string& readme_path) {
    std::ifstream readme(readme_path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(readme, line);) {
        lines.push_back(line);
    }
    const std::regex run_line(R"(Run it: `\./cookbook run \S+ (\w+)(?: -- ([^`]*))?`)");
    std::vector<ReadmeExample> examples;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::smatch match;
        if (!std::regex_search(lines[i], match, run_line)) {
            continue;
        }
        ReadmeExample example;
        example.recipe = match[1];
        std::istringstream words(match[2]);
        for (std::string word; words >> word;) {
            example.args.push_back(word);
        }
        // The next fenced block is the output; its last non-empty line is the summary. An
        // example without a block before the next "Run it:" keeps an empty summary.
        bool inside = false;
        for (std::size_t j = i + 1; j < lines.size(); ++j) {
            if (!inside && std::regex_search(lines[j], run_line)) {
                break;
            }
            if (lines[j].rfind("```", 0) == 0) {
                if (inside) {
                    break;
                }
                inside = true;
            } else if (inside && !lines[j].empty()) {
                example.summary = lines[j];
            }
        }
        examples.push_back(example);
    }
    return examples;
}

std::vector<ManifestEntry> read_manifest(const std::string& manifest_path) {
    std::ifstream manifest(manifest_path);
    std::vector<ManifestEntry> entries;
    for (std::string line; std::getline(manifest, line);) {
        std::istringstream fields(line);
        ManifestEntry entry;
        if (std::getline(fields, entry.name, '\t') && std::getline(fields, entry.path, '\t') &&
            std::getline(fields, entry.runner, '\t')) {
            entries.push_back(entry);
        }
    }
    return entries;
}

RunResult run_entry(const ManifestEntry& entry, const std::vector<std::string>& args,
                    std::chrono::milliseconds limit) {
    if (entry.runner.rfind("mpi:", 0) != 0) {
        return run(entry.path, args, limit);
    }
    std::vector<std::string> mpi_args{"--oversubscribe", "-n", entry.runner.substr(4), entry.path};
    mpi_args.insert(mpi_args.end(), args.begin(), args.end());
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);  // the CI machine and this one run as root
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    std::string mpirun = "/usr/bin/mpirun";
    if (const char* path = std::getenv("PATH")) {
        std::istringstream dirs(path);
        for (std::string dir; std::getline(dirs, dir, ':');) {
            if (!dir.empty() && ::access((dir + "/mpirun").c_str(), X_OK) == 0) {
                mpirun = dir + "/mpirun";
                break;
            }
        }
    }
    return run(mpirun, mpi_args, limit);
}

bool is_usage_error(const RunResult& run) {
    return run.status.exited && run.status.code == 2 && run.err.rfind("error: ", 0) == 0 &&
           count_lines_with(run.err, "") == 1;
}

}  // namespace cookbook::testing
