#include "cookbook/ipc.hpp"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace cookbook::ipc {
namespace {

constexpr const char* shm_dir = "/dev/shm/";
constexpr std::string_view prefix = "cookbook_";

// Boost.Interprocess on Linux keeps shared memory, message queues and conditions as
// /dev/shm/NAME, and named semaphores and mutexes (POSIX semaphores) as /dev/shm/sem.NAME.
// A signal handler may only call async-signal-safe functions, so it unlinks these two paths
// (prepared in advance) instead of calling Boost's remove().
struct Slot {
    std::atomic<bool> used{false};
    pid_t owner = 0;         // the process that registered it: a fork()ed child inherits the
                             // table, and must not remove its parent's objects
    bool directory = false;  // a directory (TempDir): rmdir'ed after the files are unlinked
    char plain_path[256];
    char semaphore_path[256];  // empty for a path registered by remember_path_for_signals
};
std::array<Slot, 64> slots;
std::mutex slots_mutex;
std::once_flag handlers_installed;
// The handlers that were there before ours (a program's own, e.g. an asio::signal_set's).
struct sigaction previous_actions[NSIG];

void unlink_remembered_and_reraise(int signal_number, siginfo_t* info, void* context) {
    const int saved_errno = errno;  // unlink() of a missing path sets it; the program may read it
    const pid_t me = ::getpid();    // async-signal-safe, like everything here
    for (auto& slot : slots) {      // files first,
        if (slot.used.load(std::memory_order_acquire) && slot.owner == me && !slot.directory) {
            ::unlink(slot.plain_path);
            if (slot.semaphore_path[0] != '\0') {
                ::unlink(slot.semaphore_path);
            }
        }
    }
    for (auto& slot : slots) {  // then the (now empty) directories
        if (slot.used.load(std::memory_order_acquire) && slot.owner == me && slot.directory) {
            ::rmdir(slot.plain_path);
        }
    }
    errno = saved_errno;
    // If the program had its own handler, it decides what happens next (a clean shut-down,
    // say). Otherwise die of the same signal, so that the parent sees "killed by SIGTERM".
    const struct sigaction& previous = previous_actions[signal_number];
    if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != nullptr) {
        previous.sa_sigaction(signal_number, info, context);  // what it was given: ours
        return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(signal_number);
        return;
    }
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
}

void install_handlers() {
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction& previous = previous_actions[signal_number];
        ::sigaction(signal_number, nullptr, &previous);
        if ((previous.sa_flags & SA_SIGINFO) == 0 && previous.sa_handler == SIG_IGN) {
            continue;  // e.g. SIGHUP under nohup: the user asked for it to be ignored
        }
        struct sigaction action {};
        action.sa_sigaction = unlink_remembered_and_reraise;
        action.sa_flags = SA_SIGINFO;  // so that a previous SA_SIGINFO handler gets its siginfo
        sigemptyset(&action.sa_mask);
        ::sigaction(signal_number, &action, nullptr);
    }
}

// The pid at the end of "cookbook_<what>_<pid>" (also with a "sem." in front); 0 if none.
long owner_pid(std::string_view entry) {
    if (entry.substr(0, 4) == "sem.") {
        entry.remove_prefix(4);
    }
    if (entry.substr(0, prefix.size()) != prefix) {
        return 0;
    }
    const auto underscore = entry.rfind('_');
    if (underscore == std::string_view::npos || underscore + 1 == entry.size()) {
        return 0;
    }
    long pid = 0;
    for (char c : entry.substr(underscore + 1)) {
        if (c < '0' || c > '9' || pid > 10'000'000) {
            return 0;
        }
        pid = pid * 10 + (c - '0');
    }
    return pid;
}

template <class Visit>
void for_each_shm_entry(Visit visit) {
    DIR* dir = ::opendir(shm_dir);
    if (dir == nullptr) {
        return;
    }
    while (const dirent* entry = ::readdir(dir)) {
        visit(std::string_view(entry->d_name));
    }
    ::closedir(dir);
}

}  // namespace

int remove_stale_objects() {
    std::vector<std::string> stale;
    for_each_shm_entry([&](std::string_view entry) {
        const long pid = owner_pid(entry);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            stale.emplace_back(entry);
        }
    });
    int removed = 0;
    for (const auto& entry : stale) {
        if (::unlink((std::string(shm_dir) + entry).c_str()) == 0) {
            ++removed;
        }
    }
    return removed;
}

std::string unique_name(std::string_view what) {
    for (char c : what) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            throw std::invalid_argument("ipc::unique_name: use letters, digits and '_' only");
        }
    }
    static std::once_flag swept;
    std::call_once(swept, [] { remove_stale_objects(); });
    return std::string(prefix) + std::string(what) + "_" + std::to_string(::getpid());
}

void start_line(std::atomic<int>& arrived, int count, std::chrono::milliseconds limit) {
    arrived.fetch_add(1);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (arrived.load() < count) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw Timeout("not every process reached the start line (did one die?)");
        }
        std::this_thread::yield();
    }
}

std::vector<std::string> objects_of(long pid) {
    std::vector<std::string> found;
    for_each_shm_entry([&](std::string_view entry) {
        if (owner_pid(entry) == pid) {
            found.emplace_back(entry);
        }
    });
    return found;
}

namespace detail {

namespace {

// Takes a free slot and fills it; -1 if all 64 are in use (the object is then still removed on
// scope exit, only not on a signal).
int take_slot(const std::string& plain, const std::string& semaphore, bool directory) {
    std::call_once(handlers_installed, install_handlers);
    const std::lock_guard lock(slots_mutex);
    for (std::size_t i = 0; i < slots.size(); ++i) {
        Slot& slot = slots[i];
        if (!slot.used.load(std::memory_order_relaxed)) {
            std::snprintf(slot.plain_path, sizeof slot.plain_path, "%s", plain.c_str());
            std::snprintf(slot.semaphore_path, sizeof slot.semaphore_path, "%s", semaphore.c_str());
            slot.directory = directory;
            slot.owner = ::getpid();
            slot.used.store(true, std::memory_order_release);
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace

int remember_for_signals(const std::string& name) {
    return take_slot(shm_dir + name, std::string(shm_dir) + "sem." + name, false);
}

int remember_path_for_signals(const std::string& path, bool directory) {
    return take_slot(path, "", directory);
}

void forget(int slot) {
    if (slot >= 0) {
        slots[static_cast<std::size_t>(slot)].used.store(false, std::memory_order_release);
    }
}

}  // namespace detail
}  // namespace cookbook::ipc
