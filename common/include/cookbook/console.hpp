// Console output that stays readable when many threads or processes print at once.
//
// std::cout << a << b << '\n' from two threads can interleave mid-line (each << is a separate
// call), and two processes sharing a terminal interleave whole buffers. Here every line is
// built in memory first and handed to the kernel with a single write(2), under a mutex:
// lines from threads never mix, and lines from processes never mix either (one write of at
// most PIPE_BUF bytes to a pipe is atomic; a terminal or a file gets it whole in practice).
//
//   console::line("final counter: ", total, " (expected ", expected, ")");
//   console::tagged(console::thread_tag(2), "started");        // [thread 2] started
//   console::tagged(console::pid_tag(), "child running");       // [pid 4242] child running
//   console::error("no such file: ", path);                     // error: no such file: ...
//   (stderr)
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace cookbook::console {

// Writes `text` plus a newline to a file descriptor in one write(2) call, under a mutex.
// With show_elapsed(true), the line starts with the seconds since the program started.
void write_line(int fd, std::string_view text);

// Prefix every following line with "[+1.234s] " (time since the program started).
void show_elapsed(bool on);

// Seconds since the program started (since this library was loaded, in practice).
double elapsed_seconds();

// "[thread 2]", "[pid 4242]": the tags the recipes put in front of their lines.
std::string thread_tag(int index);
std::string pid_tag();
std::string pid_tag(long pid);

// A number with a fixed count of decimals: fixed(0.0204175, 3) == "0.020".
std::string fixed(double value, int decimals);

// Joins the parts as an ostream would print them: concat("x=", 3) == "x=3".
template <class... Parts>
std::string concat(const Parts&... parts) {
    std::ostringstream out;
    ((out << parts), ...);
    return out.str();
}

// One whole line on stdout.
template <class... Parts>
void line(const Parts&... parts) {
    write_line(1, concat(parts...));
}

// One whole line on stdout, after a tag: tagged("[thread 1]", "done") -> "[thread 1] done".
template <class... Parts>
void tagged(std::string_view tag, const Parts&... parts) {
    write_line(1, concat(tag, ' ', parts...));
}

// "error: ..." on stderr, the one-line error format every recipe uses.
template <class... Parts>
void error(const Parts&... parts) {
    write_line(2, concat("error: ", parts...));
}

}  // namespace cookbook::console
