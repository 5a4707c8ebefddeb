// Collective communication: scatter -- the root deals a slice of its data to each rank.
//
// Python: mpi4py's recvbuf = comm.scatter(array_to_share, root=0), which needs exactly one
//         item per process (the book's list of 10 needs exactly 10 processes).
// C++:    boost::mpi::scatter(world, all_values, my_slice, n, root): the root's vector is cut
//         into size() slices of n values; rank r gets values [r*n, (r+1)*n). Any number of
//         ranks works, since the root builds size() * n values.
//
// The opposite of gather (next recipe); scatter + local work + gather is the classic shape of
// an MPI program. The root keeps slice 0 for itself. Only the root passes the values: the
// other ranks call the overload without them (passing an empty vector would hand Boost.MPI a
// null pointer, which UndefinedBehaviorSanitizer reports).
// Notice: each rank prints only its own slice, and checks it against what it should be.
#include <boost/mpi/collectives/scatter.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <numeric>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    int per_rank = 3;
    cookbook::cli::Options options("ch04_mpi_scatter",
                                   "Scatters the root's array. Run: mpirun -n 4 ch04_mpi_scatter");
    options.count("per-rank", per_rank, "values each rank receives", 1, 1'000'000);
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_scatter")) {
        return 2;
    }
    const int root = 0;
    std::vector<int> array_to_share;  // 1, 2, 3, ... on the root; empty elsewhere
    if (world.rank() == root) {
        array_to_share.resize(static_cast<std::size_t>(world.size() * per_rank));
        std::iota(array_to_share.begin(), array_to_share.end(), 1);
    }
    std::vector<int> mine(static_cast<std::size_t>(per_rank));
    if (world.rank() == root) {
        mpi::scatter(world, array_to_share, mine.data(), per_rank, root);
    } else {  // the other ranks have nothing to send: the overload without input values
        mpi::scatter(world, mine.data(), per_rank, root);
    }

    std::string shown;
    bool ok = true;
    for (int i = 0; i < per_rank; ++i) {
        ok = ok && mine[i] == world.rank() * per_rank + i + 1;
        if (i < 8)
            shown += console::concat(" ", mine[i]);
    }
    console::line("process ", world.rank(), " received:", shown, per_rank > 8 ? " ..." : "");
    const int right = mpi_ranks::count_ok(world, ok);
    if (world.rank() == root) {
        console::line("ranks that received their own slice of ", per_rank, ": ", right, " of ",
                      world.size());
    }
    return right == world.size() ? 0 : 1;
}
