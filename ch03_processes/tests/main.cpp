// The test module of chapter 3. Each recipe has its own suite in <recipe>_test.cpp; the
// recipes run as child processes (cookbook::testing::run_recipe). cookbook/testing_process.hpp has
// what several suites need to watch processes from outside (is a pid still alive?).
#define BOOST_TEST_MODULE ch03_processes
#include <boost/test/unit_test.hpp>

#include "cookbook/readme_test.hpp"  // the guide's examples still match real runs
