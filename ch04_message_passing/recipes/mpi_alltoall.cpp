// Collective communication: all-to-all -- every rank sends a different value to every rank.
//
// Python: mpi4py's comm.Alltoall(senddata, recvdata) on numpy arrays (uppercase: raw buffers,
//         no pickling), with senddata = (rank+1) * numpy.arange(size).
// C++:    boost::mpi::all_to_all(world, send, received): send[j] goes to rank j, and
//         received[i] is what rank i sent to us. A std::vector<int> of an MPI datatype goes as
//         raw memory, as the numpy buffers do.
//
// It is a transpose: think of the send vectors as the rows of a size x size matrix; after the
// exchange, rank r holds column r. Rank r receives (i+1) * r from each rank i.
// Notice: each rank's received row is the column of the send rows.
#include <boost/mpi/collectives/all_to_all.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;
using mpi_ranks::show;

int main(int argc, char* argv[]) {
    cookbook::cli::Options options(
        "ch04_mpi_alltoall", "Every rank sends to every rank. Run: mpirun -n 4 ch04_mpi_alltoall");
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_alltoall")) {
        return 2;
    }
    const int rank = world.rank();
    const int size = world.size();
    std::vector<int> send(static_cast<std::size_t>(size));
    for (int j = 0; j < size; ++j) {
        send[j] = (rank + 1) * j;  // what goes to rank j
    }
    std::vector<int> received;
    mpi::all_to_all(world, send, received);
    console::line("process ", rank, " sending ", show(send), " receiving ", show(received));

    bool ok = static_cast<int>(received.size()) == size;
    for (int i = 0; ok && i < size; ++i) {
        ok = received[i] == (i + 1) * rank;  // rank i sent (i+1) * rank to us
    }
    const int right = mpi_ranks::count_ok(world, ok);
    if (rank == 0) {
        console::line("ranks that received the right value from every rank: ", right, " of ", size);
    }
    return right == size ? 0 : 1;
}
