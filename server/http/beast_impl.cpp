// Beast is compiled once here (BOOST_BEAST_SEPARATE_COMPILATION, see
// cmake/Dependencies.cmake) rather than in every file that includes it; Asio's
// counterpart is server/core/asio_impl.cpp.
#include <boost/beast/src.hpp>
