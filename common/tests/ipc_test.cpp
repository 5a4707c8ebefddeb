#include "cookbook/ipc.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/interprocess/sync/named_semaphore.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "cookbook/child.hpp"
#include "cookbook/shared_array.hpp"
#include "cookbook/temp_dir.hpp"

namespace bip = boost::interprocess;
namespace ipc = cookbook::ipc;
using namespace std::chrono_literals;

namespace {

bool in_dev_shm(const std::string& entry) {
    return std::filesystem::exists("/dev/shm/" + entry);
}

void create_shm(const std::string& name) {
    bip::shared_memory_object shm(bip::create_only, name.c_str(), bip::read_write);
    shm.truncate(4096);
}

// A pid that is certainly not running any more: one of our own children, reaped.
long pid_of_an_ended_process() {
    cookbook::Child child("/bin/true", {});
    BOOST_TEST_REQUIRE(child.wait(10s).ok());
    return child.pid();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ipc_names)

BOOST_AUTO_TEST_CASE(unique_name_carries_the_pid) {
    BOOST_TEST(ipc::unique_name("tasks") == "cookbook_tasks_" + std::to_string(::getpid()));
    BOOST_CHECK_THROW(ipc::unique_name("../etc"), std::invalid_argument);
    BOOST_CHECK_THROW(ipc::unique_name("a b"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(guard_removes_on_scope_exit) {
    const std::string name = ipc::unique_name("guard_scope");
    {
        ipc::remove_guard<bip::shared_memory_object> guard(name);
        create_shm(name);
        BOOST_TEST(in_dev_shm(name));
        BOOST_TEST(ipc::objects_of(::getpid()).size() >= 1u);
    }
    BOOST_TEST(!in_dev_shm(name));
}

BOOST_AUTO_TEST_CASE(guard_removes_a_leftover_of_the_same_name_first) {
    const std::string name = ipc::unique_name("guard_leftover");
    create_shm(name);  // as if an earlier run had died
    ipc::remove_guard<bip::shared_memory_object> guard(name);
    BOOST_TEST(!in_dev_shm(name));
    BOOST_CHECK_NO_THROW(create_shm(name));  // create_only now succeeds
}

BOOST_AUTO_TEST_CASE(guard_removes_named_semaphores) {
    const std::string name = ipc::unique_name("guard_semaphore");
    {
        ipc::remove_guard<bip::named_semaphore> guard(name);
        bip::named_semaphore semaphore(bip::create_only, name.c_str(), 1);
        BOOST_TEST(in_dev_shm("sem." + name));
    }
    BOOST_TEST(!in_dev_shm("sem." + name));
}

BOOST_AUTO_TEST_CASE(stale_objects_of_dead_runs_are_reclaimed) {
    const long dead = pid_of_an_ended_process();
    const std::string stale = "cookbook_stale_" + std::to_string(dead);
    const std::string stale_semaphore = "cookbook_stalesem_" + std::to_string(dead);
    const std::string live = ipc::unique_name("live");
    create_shm(stale);
    { bip::named_semaphore semaphore(bip::create_only, stale_semaphore.c_str(), 0); }
    create_shm(live);

    // Not a count of what this call removed: another test process, starting meanwhile, sweeps
    // stale objects too (its first unique_name() does) and may have taken some of ours.
    ipc::remove_stale_objects();
    BOOST_TEST(!in_dev_shm(stale));
    BOOST_TEST(!in_dev_shm("sem." + stale_semaphore));
    BOOST_TEST(in_dev_shm(live));  // ours: we are alive
    bip::shared_memory_object::remove(live.c_str());
}

// A program ended by SIGTERM (or SIGINT, SIGHUP) still removes what its guards hold,
// and still dies of that signal.
BOOST_AUTO_TEST_CASE(guard_removes_on_sigterm) {
    for (int signal_number : {SIGTERM, SIGINT}) {
        const pid_t pid = ::fork();
        BOOST_TEST_REQUIRE(pid >= 0);
        if (pid == 0) {
            const std::string name = ipc::unique_name("on_signal");
            ipc::remove_guard<bip::shared_memory_object> guard(name);
            create_shm(name);
            ::raise(signal_number);
            ::_exit(3);  // not reached if the signal ended the process
        }
        int status = 0;
        BOOST_TEST_REQUIRE(::waitpid(pid, &status, 0) == pid);
        BOOST_TEST(WIFSIGNALED(status));
        BOOST_TEST(WTERMSIG(status) == signal_number);
        BOOST_TEST(!in_dev_shm("cookbook_on_signal_" + std::to_string(pid)));
        BOOST_TEST(ipc::objects_of(pid).empty());
    }
}

// A bare fork() copies the handler and the list of names: a SIGTERM to the child must not
// remove what the parent registered (the parent still uses it), only the child's own.
BOOST_AUTO_TEST_CASE(a_forked_child_on_sigterm_leaves_its_parents_objects) {
    const std::string parents = ipc::unique_name("parents");
    ipc::remove_guard<bip::shared_memory_object> guard(parents);
    create_shm(parents);
    const pid_t pid = ::fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string own = "cookbook_childs_" + std::to_string(::getpid());
        ipc::remove_guard<bip::shared_memory_object> child_guard(own);
        create_shm(own);
        ::raise(SIGTERM);
        ::_exit(3);
    }
    int status = 0;
    BOOST_TEST_REQUIRE(::waitpid(pid, &status, 0) == pid);
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(in_dev_shm(parents));  // still there
    BOOST_TEST(!in_dev_shm("cookbook_childs_" + std::to_string(pid)));
}

// A handler the program had before, of the SA_SIGINFO kind, is called with a real siginfo.
BOOST_AUTO_TEST_CASE(an_earlier_siginfo_handler_gets_its_siginfo) {
    const pid_t pid = ::fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0) {
        struct sigaction action {};
        action.sa_flags = SA_SIGINFO;
        action.sa_sigaction = [](int, siginfo_t* info, void*) {
            ::_exit(info != nullptr && info->si_signo == SIGTERM ? 7 : 8);
        };
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGTERM, &action, nullptr);
        const std::string name = ipc::unique_name("siginfo");  // installs ours, after it
        ipc::remove_guard<bip::shared_memory_object> guard(name);
        create_shm(name);
        ::raise(SIGTERM);
        ::_exit(3);
    }
    int status = 0;
    BOOST_TEST_REQUIRE(::waitpid(pid, &status, 0) == pid);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 7);
    BOOST_TEST(!in_dev_shm("cookbook_siginfo_" + std::to_string(pid)));  // removed first
}

// A child process writes its slot; the parent reads it after the child has ended.
BOOST_AUTO_TEST_CASE(shared_array_carries_values_from_a_child) {
    const std::string name = ipc::unique_name("shared_array");
    {
        ipc::SharedArray<long> results(name, 3);
        BOOST_TEST(results.size() == 3);
        BOOST_TEST(results[1] == 0);
        const pid_t pid = ::fork();
        BOOST_TEST_REQUIRE(pid >= 0);
        if (pid == 0) {
            ipc::SharedArray<long> mine(name);
            mine[1] = 42;
            ::_exit(0);
        }
        int status = 0;
        BOOST_TEST_REQUIRE(::waitpid(pid, &status, 0) == pid);
        BOOST_TEST(results[1] == 42);
        BOOST_CHECK_THROW(results[3], std::out_of_range);
        BOOST_TEST(in_dev_shm(name));
    }
    BOOST_TEST(!in_dev_shm(name));  // the parent's object removed its name
}

BOOST_AUTO_TEST_CASE(temp_dir_is_removed_with_its_files) {
    std::filesystem::path kept;
    {
        cookbook::TempDir dir("test");
        kept = dir.path();
        BOOST_TEST(std::filesystem::is_directory(kept));
        BOOST_TEST(kept.filename().string().rfind("cookbook_test_", 0) == 0u);
        std::ofstream(dir.file("a.txt")) << "x";
        std::ofstream(dir.path() / "not_registered.txt") << "y";
    }
    BOOST_TEST(!std::filesystem::exists(kept));
}

// On SIGTERM the handler removes the registered files, then the directory.
BOOST_AUTO_TEST_CASE(temp_dir_is_removed_on_sigterm) {
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0) {
        cookbook::TempDir dir("signal");
        { std::ofstream(dir.file("lock")) << "x"; }
        const std::string path = dir.path().string();
        (void)!::write(fds[1], path.c_str(), path.size() + 1);
        ::raise(SIGTERM);
        ::_exit(3);
    }
    ::close(fds[1]);
    char path[512] = {};
    BOOST_TEST_REQUIRE(::read(fds[0], path, sizeof path - 1) > 0);
    ::close(fds[0]);
    int status = 0;
    BOOST_TEST_REQUIRE(::waitpid(pid, &status, 0) == pid);
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_SUITE_END()
