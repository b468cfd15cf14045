// Beast is compiled once here (BOOST_BEAST_SEPARATE_COMPILATION, see
// cmake/Dependencies.cmake) rather than in every file that includes it, beside
// Asio's (asio_impl.cpp): both http/ and realtime/ use Beast, and each gets it
// through core — not through each other (realtime/ may use core only).
#include <boost/beast/src.hpp>
