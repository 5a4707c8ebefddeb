// Plain blocking file I/O on POSIX: a file descriptor that closes itself, and reads and writes
// at an offset that go on until all is done (pread/pwrite may do less than asked). What chapter
// 4's async_file_io hands to its thread pool; the lesson, the handing over, is in the recipe.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace cookbook {

struct File {  // a file descriptor, closed when the object goes (one owner: no copies)
    int fd;
    File(const std::string& path, int flags) : fd(::open(path.c_str(), flags | O_CLOEXEC, 0600)) {
        if (fd < 0)
            throw std::system_error(errno, std::generic_category(), path);
    }
    ~File() { ::close(fd); }
    File(const File&) = delete;
    File& operator=(const File&) = delete;
};

// Blocking reads and writes at an offset: what runs on the pool's threads.
inline std::size_t read_at(const File& file, char* data, std::size_t size, off_t offset) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got =
            ::pread(file.fd, data + done, size - done, offset + static_cast<off_t>(done));
        if (got < 0 && errno != EINTR)
            throw std::system_error(errno, std::generic_category(), "pread");
        if (got == 0)
            break;  // end of file
        done += got > 0 ? static_cast<std::size_t>(got) : 0;
    }
    return done;
}
inline std::size_t write_at(const File& file, const char* data, std::size_t size, off_t offset) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t put =
            ::pwrite(file.fd, data + done, size - done, offset + static_cast<off_t>(done));
        if (put < 0 && errno != EINTR)
            throw std::system_error(errno, std::generic_category(), "pwrite");
        done += put > 0 ? static_cast<std::size_t>(put) : 0;
    }
    return done;
}

inline bool same_contents(const File& a, const File& b, std::size_t size) {
    std::vector<char> x(1 << 20), y(1 << 20);
    for (std::size_t offset = 0; offset < size; offset += x.size()) {
        const std::size_t n = std::min(x.size(), size - offset);
        if (read_at(a, x.data(), n, off_t(offset)) != n ||
            read_at(b, y.data(), n, off_t(offset)) != n || std::memcmp(x.data(), y.data(), n) != 0)
            return false;
    }
    return true;
}

// Fills `file` with `size` pseudo-random bytes (xorshift: the same bytes every time), 1 MiB
// at a time: a file to copy whose copy can be checked byte for byte.
inline void write_pseudo_random(const File& file, std::size_t size) {
    std::vector<char> block(1 << 20);
    std::uint64_t x = 88172645463325252ULL;
    for (std::size_t offset = 0; offset < size; offset += block.size()) {
        for (auto& byte : block) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            byte = static_cast<char>(x);
        }
        write_at(file, block.data(), std::min(block.size(), size - offset), off_t(offset));
    }
}

}  // namespace cookbook
