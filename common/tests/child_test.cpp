#include "cookbook/child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "cookbook/temp_dir.hpp"
#include "cookbook/timing.hpp"

using cookbook::Child;
using cookbook::ExitStatus;
using cookbook::Stopwatch;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(child_process)

BOOST_AUTO_TEST_CASE(exit_code_is_reported) {
    Child child("/bin/sh", {"-c", "exit 3"});
    const ExitStatus status = child.wait(10s);
    BOOST_TEST(status.exited);
    BOOST_TEST(status.code == 3);
    BOOST_TEST(!status.ok());
    BOOST_TEST(status.describe() == "exit code 3");
    BOOST_TEST(!child.running());
}

BOOST_AUTO_TEST_CASE(death_by_signal_is_reported) {
    Child child("/bin/sh", {"-c", "kill -TERM $$"});
    const ExitStatus status = child.wait(10s);
    BOOST_TEST(!status.exited);
    BOOST_TEST(status.signal == SIGTERM);
    BOOST_TEST(status.describe() == "killed by signal 15 (SIGTERM)");
}

// wait_for() returns as soon as the child ends, not at the end of its timeout.
BOOST_AUTO_TEST_CASE(wait_for_returns_as_soon_as_the_child_ends) {
    Stopwatch watch;
    Child child("/bin/true", {});
    const auto status = child.wait_for(30s);
    BOOST_TEST_REQUIRE(status.has_value());
    BOOST_TEST(status->ok());
    BOOST_TEST(watch.seconds() < 10.0);
}

BOOST_AUTO_TEST_CASE(wait_for_is_bounded_and_terminate_ends_it) {
    Child child("/bin/sleep", {"30"});
    Stopwatch watch;
    BOOST_TEST(!child.wait_for(100ms).has_value());
    BOOST_TEST(watch.seconds() >= 0.1);
    BOOST_TEST(child.running());
    const ExitStatus status = child.terminate();
    BOOST_TEST(status.signal == SIGTERM);
    BOOST_TEST(watch.seconds() < 10.0);
}

BOOST_AUTO_TEST_CASE(terminate_falls_back_to_sigkill) {
    // A child that ignores SIGTERM: an ignored signal stays ignored across fork and exec.
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGTERM, &ignore, &previous);
    Child child("/bin/sleep", {"30"});
    ::sigaction(SIGTERM, &previous, nullptr);
    const ExitStatus status = child.terminate(200ms);
    BOOST_TEST(status.signal == SIGKILL);
}

BOOST_AUTO_TEST_CASE(destructor_ends_and_reaps_a_running_child) {
    long pid = 0;
    {
        Child child("/bin/sleep", {"30"});
        pid = child.pid();
    }
    // Reaped means gone entirely: not even a zombie answers kill(pid, 0).
    BOOST_TEST(::kill(static_cast<pid_t>(pid), 0) == -1);
}

// If other code reaps the child first, Child says the status is unknown -- and does not hang,
// or signal a pid that may now belong to another process.
BOOST_AUTO_TEST_CASE(a_child_reaped_elsewhere_is_reported_not_waited_for) {
    Stopwatch watch;
    Child child("/bin/true", {});
    int status = 0;
    BOOST_TEST_REQUIRE(::waitpid(static_cast<pid_t>(child.pid()), &status, 0) == child.pid());
    const ExitStatus result = child.wait(10s);
    BOOST_TEST(result.unknown);
    BOOST_TEST(!result.ok());
    BOOST_TEST(result.describe().find("unknown") != std::string::npos);
    BOOST_TEST(watch.seconds() < 5.0);
}

BOOST_AUTO_TEST_CASE(self_executable_is_this_program) {
    const std::string self = cookbook::self_executable();
    BOOST_TEST(std::filesystem::equivalent(self, "/proc/self/exe"));
}

BOOST_AUTO_TEST_CASE(output_can_go_to_files) {
    const std::string path = "/tmp/cookbook_child_test_" + std::to_string(::getpid());
    cookbook::ChildOptions options;
    options.stdout_file = path;
    Child child("/bin/echo", {"hello"}, options);
    BOOST_TEST_REQUIRE(child.wait(10s).ok());
    BOOST_TEST(std::filesystem::file_size(path) == 6u);
    std::filesystem::remove(path);
    BOOST_CHECK_THROW(Child("/no/such/program", {}), std::runtime_error);
}

namespace {

// "socket:[1234]" or "pipe:[1234]": how /proc/PID/fd shows the object behind a descriptor.
std::string proc_fd_target(int fd, const char* kind) {
    struct stat info {};
    BOOST_TEST_REQUIRE(::fstat(fd, &info) == 0);
    return std::string(kind) + ":[" + std::to_string(info.st_ino) + "]";
}

}  // namespace

// The parent holds a listening socket and a pipe, neither close-on-exec (Asio opens sockets
// without it); the child must see only its stdio and the one descriptor passed to it.
BOOST_AUTO_TEST_CASE(a_child_inherits_only_its_stdio_and_the_descriptors_passed_to_it) {
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::acceptor listener(io, {asio::ip::address_v4::loopback(), 0});
    int stray[2], passed[2];
    BOOST_TEST_REQUIRE(::pipe(stray) == 0);
    BOOST_TEST_REQUIRE(::pipe(passed) == 0);
    BOOST_TEST_REQUIRE((::fcntl(listener.native_handle(), F_GETFD) & FD_CLOEXEC) == 0);

    cookbook::TempDir dir("child_fds");
    cookbook::ChildOptions options;
    options.stdout_file = dir.file("fds.txt");
    options.pass_fds = {{5, passed[1]}};
    Child child("/bin/ls", {"-l", "/proc/self/fd/"}, options);  // exec'd ls lists its own fds
    BOOST_TEST_REQUIRE(child.wait(10s).ok());
    const std::string passed_pipe = proc_fd_target(passed[1], "pipe");

    // "lrwx------ 1 root root 64 Dec  3 20:40 5 -> pipe:[123]" -> {5: "pipe:[123]"}
    std::map<int, std::string> seen;
    std::ifstream listing(options.stdout_file);
    for (std::string line; std::getline(listing, line);) {
        const auto arrow = line.find(" -> ");
        if (arrow != std::string::npos) {
            const auto number = line.rfind(' ', arrow - 1) + 1;
            seen[std::stoi(line.substr(number, arrow - number))] = line.substr(arrow + 4);
        }
    }
    BOOST_TEST_REQUIRE(seen.count(5) == 1u);
    BOOST_TEST(seen[5] == passed_pipe);
    for (const auto& [fd, target] : seen) {
        // 0-2, the passed one, and the directory ls itself opened to list them: nothing else.
        const bool expected = fd <= 2 || fd == 5 || target.rfind("/proc/", 0) == 0;
        BOOST_TEST(expected, "descriptor " << fd << " -> " << target << " leaked into the child");
    }
    cookbook::ChildOptions onto_stdout;
    onto_stdout.pass_fds = {{1, passed[1]}};  // 0-2 are stdio's
    BOOST_CHECK_THROW(Child("/bin/true", {}, onto_stdout), std::invalid_argument);
    for (int fd : {stray[0], stray[1], passed[0], passed[1]}) {
        ::close(fd);
    }
}

// A parent killed with SIGKILL runs no destructor; PR_SET_PDEATHSIG still ends its child.
BOOST_AUTO_TEST_CASE(child_dies_with_its_parent) {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);  // orphans come to us, so we can reap the grandchild
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe(fds) == 0);
    const pid_t parent = ::fork();
    BOOST_TEST_REQUIRE(parent >= 0);
    if (parent == 0) {
        Child child("/bin/sleep", {"30"});
        const long pid = child.pid();
        (void)!::write(fds[1], &pid, sizeof pid);
        ::pause();  // until killed
        ::_exit(0);
    }
    ::close(fds[1]);
    long grandchild = 0;
    BOOST_TEST_REQUIRE(::read(fds[0], &grandchild, sizeof grandchild) == sizeof grandchild);
    ::close(fds[0]);
    ::kill(parent, SIGKILL);
    int status = 0;
    BOOST_TEST_REQUIRE(::waitpid(parent, &status, 0) == parent);

    // The grandchild is now ours; it must end by SIGTERM long before its 30 s are over.
    Stopwatch watch;
    pid_t reaped = 0;
    while ((reaped = ::waitpid(static_cast<pid_t>(grandchild), &status, WNOHANG)) == 0 &&
           watch.seconds() < 10) {
        std::this_thread::sleep_for(5ms);  // polling an external event, with a bound
    }
    ::prctl(PR_SET_CHILD_SUBREAPER, 0);
    BOOST_TEST_REQUIRE(reaped == grandchild);
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == SIGTERM);
}

BOOST_AUTO_TEST_SUITE_END()
