// Hello world with MPI: one program, started N times by mpirun; each copy is a "rank".
//
// Python: mpi4py: comm = MPI.COMM_WORLD; rank = comm.Get_rank(); print("hello world from
//         process", rank) -- run as `mpiexec -n 4 python helloworld_MPI.py`.
// C++:    boost::mpi::environment (MPI_Init and MPI_Finalize, as RAII) and
//         boost::mpi::communicator (MPI_COMM_WORLD): world.rank(), world.size().
//
// There is no shared memory between ranks: they are separate processes, possibly on separate
// machines (see the README: a hostfile). Everything a rank learns about another comes in a
// message. Here each rank sends its number to rank 0 (gather, a collective seen later), which
// checks that every rank from 0 to N-1 said hello exactly once.
// Unlike the other MPI recipes, this one also runs as a single process (./ch04_mpi_hello).
// Notice: the hello lines come out in a different order on every run -- mpirun forwards each
// rank's output as it comes -- and every rank has its own pid.
#include <unistd.h>

#include <algorithm>
#include <boost/mpi/collectives/broadcast.hpp>
#include <boost/mpi/collectives/gather.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <numeric>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    cookbook::cli::Options options("ch04_mpi_hello",
                                   "Each MPI process says hello. Run: mpirun -n 4 ch04_mpi_hello");
    options.parse(argc, argv);  // before MPI starts: bad input exits 2 at once, on every rank

    mpi::environment environment(argc, argv);
    mpi::communicator world;
    console::line("hello world from rank ", world.rank(), " of ", world.size(), " on ",
                  mpi::environment::processor_name(), " (pid ", ::getpid(), ")");

    std::vector<int> ranks;  // filled on rank 0 only
    mpi::gather(world, world.rank(), ranks, 0);
    bool each_once = false;
    if (world.rank() == 0) {
        std::vector<int> expected(static_cast<std::size_t>(world.size()));
        std::iota(expected.begin(), expected.end(), 0);
        std::sort(ranks.begin(), ranks.end());
        each_once = ranks == expected;
        console::line("ranks that said hello: ", ranks.size(), " of ", world.size(),
                      each_once ? ", each once" : ", NOT each once");
    }
    mpi::broadcast(world, each_once, 0);  // every rank exits with the root's verdict
    return each_once ? 0 : 1;
}
