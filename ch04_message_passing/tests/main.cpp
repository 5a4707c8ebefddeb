// The test module of chapter 4. Each recipe has its own suite in <recipe>_test.cpp (the MPI
// recipes share mpi_test.cpp); the recipes run as child processes, the MPI ones under mpirun.
#define BOOST_TEST_MODULE ch04_message_passing
#include <boost/test/unit_test.hpp>

// The guide's examples still match real runs (those of recipes not built here, the MPI ones
// on a machine without MPI, are left out).
#include "cookbook/readme_test.hpp"
