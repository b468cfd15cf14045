#pragma once
// The composition root: builds every part of the server from the config, in
// one place, and runs it until SIGTERM/SIGINT.
#include "app/config.hpp"

namespace lenslet::app {

// `lenslet serve`: returns the process exit code.
int Serve(const Config& config);
// `lenslet migrate`: applies pending migrations and returns.
int Migrate(const Config& config);

}  // namespace lenslet::app
