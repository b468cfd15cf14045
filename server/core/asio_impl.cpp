// Asio is compiled once here (BOOST_ASIO_SEPARATE_COMPILATION, see
// cmake/Dependencies.cmake) rather than in every file that includes it.
#include <boost/asio/impl/src.hpp>
