#pragma once
// mutedByMe / restrictedByMe of a user shown to a viewer, as the statements
// that list users read them (store/quiet_store.hpp keeps the lists).
#include <cstddef>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace lenslet::store {

// What the viewer did to a user shown to them.
struct QuietFlags {
  bool muted = false;
  bool restricted = false;
};

// For stores that list users: two 0/1 columns (muted, restricted by `viewer`)
// of the user `user`, both SQL expressions (a parameter like "$2" and a column
// like "u.id"). Two primary-key probes per row inside the page's statement,
// never a statement per row.
std::string QuietFlagColumns(std::string_view viewer, std::string_view user);
inline constexpr std::size_t kQuietFlagColumnCount = 2;
QuietFlags ReadQuietFlags(const db::Row& row, std::size_t first);

}  // namespace lenslet::store
