#pragma once
// `lenslet admin ...`: account administration from the server's shell, for
// what no one can do through the API before there is an admin (or after the
// last one left).
#include "app/config.hpp"

namespace lenslet::app {

// `lenslet admin role USERNAME admin|moderator|user`: sets the role in the
// database (migrating it first). A running server reads roles afresh on every
// staff request, so it takes effect at once. Returns the exit code: 0, or 1
// with one line on stderr (unknown user, database unreachable).
int SetRole(const Config& config);

}  // namespace lenslet::app
