#pragma once
// A name for this process among the instances sharing one Redis: what the
// cluster-wide limits and the login throttle record beside the counts they
// add, so that an instance can tell its own share (its local fallback while
// Redis is away) from the others'. 64 random bits, as 16 hex digits.
#include <string>

namespace lenslet::cluster {

std::string RandomInstanceId();

}  // namespace lenslet::cluster
