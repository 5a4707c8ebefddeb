// A temporary directory for a recipe's files (a lock file, children's output), removed with
// everything in it when the TempDir goes out of scope -- and, for the files made through
// file(), also when the program is ended by SIGINT, SIGTERM or SIGHUP (see ipc.hpp).
//
//   cookbook::TempDir dir("file_lock");             // $TMPDIR/cookbook_file_lock_XXXXXX
//   const std::string lock_path = dir.file("lock");  // a path inside it
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cookbook {

class TempDir {
  public:
    // Creates $TMPDIR/cookbook_<what>_XXXXXX (/tmp without TMPDIR); throws if it cannot.
    explicit TempDir(std::string_view what = "tmp");
    ~TempDir();  // removes the directory and everything in it
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // The path of a file `name` in the directory (not created), remembered so that a signal
    // handler can remove it too.
    std::string file(std::string_view name);

  private:
    std::filesystem::path path_;
    std::vector<int> slots_;  // ipc::detail signal-cleanup slots of the directory and its files
};

}  // namespace cookbook
