#pragma once
// `lenslet seed`: fills an empty database with a believable demo network —
// users with names and bios, follows skewed towards a few popular accounts,
// posts with generated images (through the real media pipeline and blob
// store), captions with hashtags and mentions, likes and comments — written
// a unit at a time in multi-row statements (seed_writer.hpp), which keep
// every counter the stores keep exact. With
// --tokens-out it also starts one session per user and writes
// "<username> <accessToken>" lines (mode 0600) for the Socket.IO load
// generator; the tokens are signed with the data dir's jwt-secret, so serve
// that data dir without another --jwt-secret.
#include <string_view>

#include "app/config.hpp"

namespace lenslet::app {

// Every seeded account's password (printed by the command, documented in the README).
inline constexpr std::string_view kDemoPassword = "lenslet-demo";

// Returns the process exit code. Refuses (exit 1) a database that already has
// users unless config.seed.force.
int Seed(const Config& config);

}  // namespace lenslet::app
