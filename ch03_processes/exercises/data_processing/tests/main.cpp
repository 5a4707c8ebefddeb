// The test module of the exercise. It has its own main(): the workers are this same program,
// started again with --data-processing-worker, and must not go through Boost.Test.
#define BOOST_TEST_MODULE ch03_data_processing
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "data_processing.hpp"

int main(int argc, char* argv[]) {
    if (const auto exit_code = data_processing::run_worker_if_asked(argc, argv)) {
        return *exit_code;
    }
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
