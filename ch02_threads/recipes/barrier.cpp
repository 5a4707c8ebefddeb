// Thread synchronisation with a barrier: nobody goes on until everybody has arrived.
//
// Python: threading.Barrier(parties, action=...), wait().
// Boost:  boost::barrier(count, completion);   std: std::barrier (C++20).
//
// The book's Barrier.py: three runners, Huey, Dewey and Louie, each take a random time to
// reach the barrier; the race starts only when all three are there. Here they do it for
// several rounds: a barrier resets itself after each one. The completion function runs once
// per round, in the last thread to arrive, before any thread is let through.
// Each runner counts its arrival before waiting and checks after the wait that every runner
// of this round has arrived: a broken barrier would let one through early.
// Notice: the arrival order changes from round to round; "all arrived" always comes after
// the round's last arrival and before any arrival of the next round.
#include <atomic>
#include <boost/thread/barrier.hpp>
#include <boost/thread/thread.hpp>
#include <random>
#include <string>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    int runners = 3;
    int rounds = 3;
    int max_ms = 60;
    int seed = 1;
    cookbook::cli::Options options("ch02_barrier", "Runners wait for each other at a barrier.");
    options.count("runners", runners, "number of threads", 1, 64)
        .count("rounds", rounds, "times they meet at the barrier", 1, 10'000)
        .count("max-ms", max_ms, "longest time to reach the barrier, in ms", 0, 1000)
        .count("seed", seed, "random seed for the running times", 0, 1'000'000);
    options.parse(argc, argv);

    const std::vector<std::string> known_names{"Huey", "Dewey", "Louie"};
    std::atomic<int> arrivals{0};
    std::atomic<int> early_passes{0};
    std::atomic<int> completions{0};
    boost::barrier barrier(static_cast<unsigned>(runners), [&] {
        // Runs in the last runner to arrive, while the others are still held.
        completions += 1;
        console::line("-- all arrived: start round ", completions.load());
    });

    std::vector<boost::thread> running;
    for (int r = 0; r < runners; ++r) {
        running.emplace_back([&, r] {
            const std::string name = r < 3 ? known_names[r] : "Runner" + std::to_string(r + 1);
            std::mt19937 random(static_cast<unsigned>(seed * 1000 + r));  // one engine per thread
            for (int round = 1; round <= rounds; ++round) {
                // % rather than uniform_int_distribution, whose results differ between
                // standard libraries: mt19937's numbers are fixed by the standard.
                const int ms = static_cast<int>(random() % static_cast<unsigned>(max_ms + 1));
                boost::this_thread::sleep_for(boost::chrono::milliseconds(ms));  // the running
                arrivals += 1;
                console::tagged("[" + name + "]", "reached the barrier after ", ms, " ms");
                barrier.wait();
                if (arrivals.load() < round * runners) {
                    early_passes += 1;  // passed while a runner of this round was still out
                }
            }
        });
    }
    for (auto& thread : running) {
        thread.join();
    }

    console::line("rounds completed: ", completions.load(), " of ", rounds,
                  "; runners that passed before all had arrived: ", early_passes.load());
    if (completions.load() != rounds || early_passes.load() != 0) {
        console::error("the barrier let a runner through early, or a round was lost");
        return 1;
    }
    return 0;
}
