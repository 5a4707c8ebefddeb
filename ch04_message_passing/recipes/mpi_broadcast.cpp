// Collective communication: broadcast -- one value from the root to every rank.
//
// Python: mpi4py's variable_to_share = comm.bcast(variable_to_share, root=0).
// C++:    boost::mpi::broadcast(world, value, root): the same call on every rank; on the root
//         it sends, elsewhere it receives into `value`. std::string and other serializable
//         types work too (Boost.Serialization, like mpi4py's pickle path).
//
// A collective must be called by every rank of the communicator, in the same order: a rank
// that skips it leaves the others waiting. How the value travels is up to the MPI library:
// usually a tree (each rank that has it passes it on, about log2(N) rounds), so the root does
// not send N-1 messages itself; Open MPI picks linear, tree or pipelined by size and ranks.
// Notice: every rank, the root included, prints the same value.
#include <boost/mpi/collectives/broadcast.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <string>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    int value = 100;
    cookbook::cli::Options options("ch04_mpi_broadcast",
                                   "Broadcasts from rank 0. Run: mpirun -n 4 ch04_mpi_broadcast");
    options.count("value", value, "the number the root shares", 0, 1'000'000);
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_broadcast")) {
        return 2;
    }
    const int root = 0;
    const int expected = value;
    int variable_to_share = world.rank() == root ? value : -1;  // only the root knows it
    std::string text = world.rank() == root ? "shared by rank 0" : "";
    mpi::broadcast(world, variable_to_share, root);
    mpi::broadcast(world, text, root);
    console::line("process ", world.rank(), ": variable shared = ", variable_to_share, ", text \"",
                  text, "\"");

    const bool ok = variable_to_share == expected && text == "shared by rank 0";
    const int right = mpi_ranks::count_ok(world, ok);
    if (world.rank() == root) {
        console::line("ranks that received the broadcast ", expected, ": ", right, " of ",
                      world.size());
    }
    return right == world.size() ? 0 : 1;
}
