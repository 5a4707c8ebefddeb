#include "cookbook/console.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace cookbook::console {
namespace {

using Clock = std::chrono::steady_clock;
const Clock::time_point program_start = Clock::now();
std::atomic<bool> elapsed_prefix{false};
std::mutex write_mutex;

// write(2) may write less than asked (a signal, a full pipe): keep going until all is out.
void write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;  // a closed stdout (EPIPE, EBADF) is not worth a crash
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
}

}  // namespace

double elapsed_seconds() {
    return std::chrono::duration<double>(Clock::now() - program_start).count();
}

void show_elapsed(bool on) {
    elapsed_prefix.store(on);
}

void write_line(int fd, std::string_view text) {
    std::string whole;
    whole.reserve(text.size() + 16);
    if (elapsed_prefix.load()) {
        char prefix[32];
        std::snprintf(prefix, sizeof prefix, "[+%.3fs] ", elapsed_seconds());
        whole += prefix;
    }
    whole += text;
    whole += '\n';
    const std::lock_guard lock(write_mutex);
    write_all(fd, whole.data(), whole.size());
}

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string thread_tag(int index) {
    return concat("[thread ", index, "]");
}

std::string pid_tag(long pid) {
    return concat("[pid ", pid, "]");
}

std::string pid_tag() {
    return pid_tag(static_cast<long>(::getpid()));
}

}  // namespace cookbook::console
