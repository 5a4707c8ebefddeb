// Coroutines as a state machine: each state is a coroutine that awaits the next one.
//
// Python: the book's asyncio_coroutine.py: start -> state 1/2/3 -> end, each state picking
//         the next with randint(0, 1) and calling it with `yield from` (async def + await
//         today: the book's @asyncio.coroutine was removed in Python 3.11).
// Boost:  asio::awaitable<std::string> per state, co_await on the next, co_spawn to start,
//         asio::steady_timer for the pause.   std: C++20 coroutines (co_await, co_return).
//
// `co_await state(...)` runs the next state to its end and hands back its result, like a
// function call -- but whenever a state pauses, the whole chain is suspended and the thread
// is free for other work. The book pauses with time.sleep(1), which blocks the loop
// (event_loop, part 3); here each state awaits a timer. The transitions come from a seeded
// std::mt19937, whose sequence the C++ standard fixes: the same seed gives the same path on
// every machine, which is what makes a random program testable.
// Notice: the machine runs twice with the same seed and takes the same path; another
// --seed takes another path.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <exception>
#include <random>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace asio = boost::asio;
namespace console = cookbook::console;
using std::chrono::milliseconds;

namespace {

enum State { start = 0, state1 = 1, state2 = 2, state3 = 3, end = 4 };
const char* const names[] = {"Start State", "State 1", "State 2", "State 3", "End State"};
// The book's transitions: next_state[current][input], input being 0 or 1.
constexpr State next_state[4][2] = {{state2, state1},  // start
                                    {state3, state2},  // state 1
                                    {state1, state3},  // state 2
                                    {state1, end}};    // state 3

struct Machine {
    std::mt19937 random;      // seeded: the same seed, the same inputs
    milliseconds pause;       // the book's time.sleep(1), without blocking
    std::vector<State> path;  // the states visited, in order
    bool talk;                // print what happens
};

// One state: pause, draw the input, await the next state, and say what happened.
asio::awaitable<std::string> run_state(State state, int transition_value, Machine& machine) {
    machine.path.push_back(state);
    const std::string here =
        std::string(names[state]) + " with transition value = " + std::to_string(transition_value);
    if (state == end) {
        co_return here;
    }
    if (machine.talk) {
        console::line(names[state], " called");
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, machine.pause);
    co_await timer.async_wait(asio::use_awaitable);  // suspends the whole chain, not the thread
    const int input = static_cast<int>(machine.random() % 2);  // randint(0, 1)
    if (machine.talk) {
        console::line("...evaluating... input ", input);
    }
    const std::string rest = co_await run_state(next_state[state][input], input, machine);
    co_return here + "\n  calling " + rest;
}

std::vector<State> run_machine(unsigned seed, milliseconds pause, bool talk) {
    Machine machine{std::mt19937(seed), pause, {}, talk};
    asio::io_context loop;
    asio::co_spawn(loop, run_state(start, 0, machine),
                   [talk](std::exception_ptr error, std::string transitions) {
                       if (error) {
                           std::rethrow_exception(error);  // out of loop.run()
                       }
                       if (talk) {
                           console::line("Resume of the transition:\n  ", transitions);
                       }
                   });
    loop.run();
    return machine.path;
}

}  // namespace

int main(int argc, char* argv[]) {
    long seed = 1;
    milliseconds pause(50);
    cookbook::cli::Options options("ch01_coroutines", "A state machine of coroutines, seeded.");
    options.count("seed", seed, "seed of the random transitions", 0, 4'294'967'295L)
        .milliseconds("pause-ms", pause, "pause in each state", milliseconds(0),
                      milliseconds(1000));
    options.parse(argc, argv);

    console::line("-- seed ", seed);
    const std::vector<State> first = run_machine(static_cast<unsigned>(seed), pause, true);
    console::line("-- the same seed again, quietly");
    const std::vector<State> second = run_machine(static_cast<unsigned>(seed), pause, false);

    std::string path;
    for (State state : first) {
        path += std::string(path.empty() ? "" : " -> ") + names[state];
    }
    const bool same = first == second && first.back() == end;
    console::line("path for seed ", seed, ": ", path, " (", first.size(),
                  " states); same path twice: ", same ? "yes" : "no");
    if (!same) {
        console::error("the same seed gave two different paths");
        return 1;
    }
    return 0;
}
