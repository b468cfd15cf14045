#pragma once
// The data folder holds password hashes, e-mail addresses, messages and the
// token-signing secret: only the server's own user may read it.
#include <string>

namespace lenslet::app {

// Creates `dir` (and missing parents) with mode 0700. A folder that already
// exists keeps its mode (an operator may have chosen it), with a warning when
// others can read or enter it.
void EnsurePrivateDataDir(const std::string& dir);

}  // namespace lenslet::app
