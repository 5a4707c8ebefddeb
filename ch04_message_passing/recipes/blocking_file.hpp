// The blocking side of async_file_io.cpp: a file descriptor that closes itself, and reads and
// writes at an offset that go on until all is done (pread/pwrite may do less than asked).
// These are what the thread pool runs; the lesson, handing them to the pool, is in the recipe.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

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
