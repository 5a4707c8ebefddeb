// The test module of chapter 1. Each recipe has its own suite in <recipe>_test.cpp; the
// recipes run as child processes (cookbook::testing::run_recipe).
#define BOOST_TEST_MODULE ch01_intro
#include <boost/test/unit_test.hpp>

#include "cookbook/readme_test.hpp"  // the guide's examples still match real runs
