#include "cookbook/temp_dir.hpp"

#include <stdlib.h>

#include <stdexcept>

#include "cookbook/ipc.hpp"

namespace cookbook {

TempDir::TempDir(std::string_view what) {
    std::error_code error;
    std::filesystem::path base = std::filesystem::temp_directory_path(error);  // honours TMPDIR
    if (error) {
        base = "/tmp";
    }
    std::string pattern = (base / ("cookbook_" + std::string(what) + "_XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary directory like " + pattern);
    }
    path_ = pattern;
    slots_.push_back(ipc::detail::remember_path_for_signals(path_.string(), true));
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    for (int slot : slots_) {
        ipc::detail::forget(slot);
    }
}

std::string TempDir::file(std::string_view name) {
    const std::string path = (path_ / name).string();
    slots_.push_back(ipc::detail::remember_path_for_signals(path, false));
    return path;
}

}  // namespace cookbook
