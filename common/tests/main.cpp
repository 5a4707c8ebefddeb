// The test module of common/: one executable, one suite per helper.
#define BOOST_TEST_MODULE common
#include <boost/test/unit_test.hpp>
