#pragma once
#include <string>

namespace lenslet::realtime::detail {

// 120 random bits from the kernel's CSPRNG, base64url (20 characters): Engine.IO
// session ids and Socket.IO socket ids. The sid is the only credential of a
// polling request, so it must be unguessable (engine.io uses base64id, 15 bytes).
std::string RandomId();

}  // namespace lenslet::realtime::detail
