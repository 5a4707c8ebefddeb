// Boost.URL and Boost.JSON, compiled into cookbook_common where the installed Boost has no
// library for them (Debian 12's Boost 1.81 ships their headers only). Each src.hpp holds the
// library's whole implementation; it must be compiled in exactly one place, and never next to
// the library itself (common/CMakeLists.txt defines COOKBOOK_BOOST_*_LIBRARY when it links one).
#ifndef COOKBOOK_BOOST_URL_LIBRARY
#include <boost/url/src.hpp>
#endif
#ifndef COOKBOOK_BOOST_JSON_LIBRARY
#include <boost/json/src.hpp>
#endif
