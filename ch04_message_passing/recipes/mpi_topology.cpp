// Optimizing communication: a virtual topology -- the ranks arranged as a periodic 2-D grid.
//
// Python: mpi4py's comm.Create_cart(dims=[rows, cols], periods=[True, True], reorder=True)
//         and cart.Shift(0, 1) / cart.Shift(1, 1) for the neighbours up/down and left/right.
//         The book squares the number of processes (4, 9, ...) to size the grid.
// C++:    boost::mpi::cartesian_communicator(world, cartesian_topology{...}, reorder), with
//         boost::mpi::cartesian_dimensions to pick the grid's shape for any number of ranks
//         (MPI_Dims_create: 4 -> 2 x 2, 6 -> 3 x 2, 5 -> 5 x 1), coordinates(rank) and
//         shifted_ranks(dimension, 1), which returns the (source, destination) pair.
//
// A topology names ranks by where they are, so a stencil code can say "my upper neighbour"
// -- and MPI may place neighbours close together on the hardware. Periodic means the grid
// wraps around, like a torus. Each rank checks its neighbours against row-major arithmetic,
// then passes its rank down and right (sendrecv) and checks that up and left sent theirs.
// Notice: with 4 ranks the grid is 2 x 2, so "up" and "down" are the same rank.
#include <boost/mpi/cartesian_communicator.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <vector>

#include "cookbook/cli.hpp"
#include "cookbook/console.hpp"
#include "mpi_ranks.hpp"

namespace mpi = boost::mpi;
namespace console = cookbook::console;

int main(int argc, char* argv[]) {
    cookbook::cli::Options options("ch04_mpi_topology",
                                   "A periodic cartesian grid. Run: mpirun -n 4 ch04_mpi_topology");
    options.parse(argc, argv);
    mpi::environment environment(argc, argv);
    mpi::communicator world;
    if (!mpi_ranks::at_least(world, 2, "ch04_mpi_topology")) {
        return 2;
    }
    std::vector<int> dims(2, 0);  // 0: let MPI choose
    mpi::cartesian_dimensions(world.size(), dims);
    const int rows = dims[0], cols = dims[1];
    // reorder = true, as in the book: MPI may renumber the ranks to put grid neighbours close
    // together on the hardware, so everything below uses the grid's rank, not world's.
    mpi::cartesian_communicator grid(world, mpi::cartesian_topology({{rows, true}, {cols, true}}),
                                     true);

    const int rank = grid.rank();
    const std::vector<int> at = grid.coordinates(rank);
    const auto [up, down] = grid.shifted_ranks(0, 1);     // the row above and the row below
    const auto [left, right] = grid.shifted_ranks(1, 1);  // the column left and right
    console::line("rank ", rank, " at (row ", at[0], ", col ", at[1], "): up ", up, ", down ", down,
                  ", left ", left, ", right ", right);

    // The same neighbours by arithmetic: ranks are numbered row by row, and the grid wraps.
    auto rank_at = [&](int row, int col) {
        return ((row + rows) % rows) * cols + (col + cols) % cols;
    };
    bool ok = at[0] * cols + at[1] == rank && up == rank_at(at[0] - 1, at[1]) &&
              down == rank_at(at[0] + 1, at[1]) && left == rank_at(at[0], at[1] - 1) &&
              right == rank_at(at[0], at[1] + 1);

    // And by messages: send our rank down and right; what comes from up and left must be theirs.
    int from_up = -1, from_left = -1;
    grid.sendrecv(down, 0, rank, up, 0, from_up);
    grid.sendrecv(right, 1, rank, left, 1, from_left);
    ok = ok && from_up == up && from_left == left;

    const int correct = mpi_ranks::count_ok(world, ok);
    if (rank == 0) {
        console::line("grid ", rows, " x ", cols,
                      " (periodic); ranks whose neighbours check out: ", correct, " of ",
                      world.size());
    }
    return correct == world.size() ? 0 : 1;
}
