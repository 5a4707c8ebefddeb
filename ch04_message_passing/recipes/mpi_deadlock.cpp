// Avoiding deadlock: two ranks that both wait to receive before they send wait forever.
//
// Python: the book's deadLockProblems.py, ranks 1 and 5 exchanging "a" and "b" (6 processes).
//         As printed, one of them sends first, so it does not deadlock; the text means the
//         version where both call comm.recv() first.
// C++:    that version, with the wait bounded: each rank posts its receive with irecv() and
//         polls test() for --timeout-ms. Nothing arrives (the partner is waiting too): the
//         deadlock is caught instead of hanging the job. That part is a demonstration, not a
//         check -- it cannot go otherwise, since each rank sends only after the barrier that
//         follows the wait. Then three fixes, each checked:
//           1. order: the lower rank sends first, the higher one receives first;
//           2. world.sendrecv(): MPI pairs the send and the receive itself;
//           3. isend() + irecv(), then wait_all(): neither call blocks, so order cannot matter.
// Two blocking send()s first would deadlock too, once messages are too large for MPI to buffer
// (Open MPI buffers a few KiB "eagerly"): code that relies on that buffering is a deadlock
// waiting for bigger data.
// Notice: the deadlock is reported by every paired rank, and each fix completes at once.
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/mpi/nonblocking.hpp>
#include <thread>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "cookbook/timing.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    int timeout_ms = 300;
    cookbook::cli::Options options(
        "ch04_mpi_deadlock",
        "The receive-first deadlock and three fixes. Run: mpirun -n 4 ch04_mpi_deadlock");
    options.count("timeout-ms", timeout_ms, "how long a rank waits before it calls it a deadlock",
                  10, 60'000);
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_deadlock")) {
        return 2;
    }
    const int rank = world.rank();
    const int partner = rank ^ 1;
    const bool paired = partner < world.size();
    const std::string tag = "[rank " + std::to_string(rank) + "]";
    if (!paired) {
        console::tagged(tag, "has no partner (odd number of ranks) and only joins the barriers");
    }

    // The deadlock: both partners receive first. irecv + test() is a receive with a time limit.
    if (paired) {
        int incoming = -1;
        mpi::request receive = world.irecv(partner, 0, incoming);
        cookbook::Stopwatch waited;  // (the buffer is MPI's until the request completes)
        while (!receive.test() && waited.milliseconds() < timeout_ms) {
            std::this_thread::yield();  // test() also lets MPI make progress
        }
        console::tagged(tag, "would deadlock: nothing from rank ", partner, " after ", timeout_ms,
                        " ms -- it is waiting to receive from us too");
        world.barrier();               // every rank has given up waiting before anyone sends ...
        world.send(partner, 0, rank);  // ... then each sends, which completes the pending receive
        receive.wait();
    } else {
        world.barrier();
    }

    int fixed = 0;  // how many of the three fixes exchanged the right values
    if (paired) {
        int incoming = -1;
        if (rank < partner) {  // fix 1: an order both sides agree on
            world.send(partner, 1, rank);
            world.recv(partner, 1, incoming);
        } else {
            world.recv(partner, 1, incoming);
            world.send(partner, 1, rank);
        }
        fixed += incoming == partner ? 1 : 0;

        incoming = -1;  // fix 2: sendrecv
        world.sendrecv(partner, 2, rank, partner, 2, incoming);
        fixed += incoming == partner ? 1 : 0;

        incoming = -1;  // fix 3: non-blocking calls, then wait for both
        mpi::request requests[2] = {world.isend(partner, 3, rank),
                                    world.irecv(partner, 3, incoming)};
        mpi::wait_all(requests, requests + 2);
        fixed += incoming == partner ? 1 : 0;
        console::tagged(tag, "fixes that exchanged values with rank ", partner, ": ", fixed,
                        " of 3");
    }

    const int right = mpi_ranks::count_ok(world, !paired || fixed == 3);
    if (rank == 0) {
        console::line("ranks that completed all three fixes: ", right, " of ", world.size());
    }
    return right == world.size() ? 0 : 1;
}
