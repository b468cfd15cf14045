#include "store/quiet_flags.hpp"

namespace lenslet::store {

std::string QuietFlagColumns(std::string_view viewer, std::string_view user) {
  const std::string v(viewer);
  const std::string u(user);
  return "CASE WHEN EXISTS (SELECT 1 FROM mutes qm WHERE qm.muter_id = " + v + " AND qm.muted_id = " + u +
         ") THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM restricts qr WHERE qr.restrictor_id = " + v +
         " AND qr.restricted_id = " + u + ") THEN 1 ELSE 0 END";
}

QuietFlags ReadQuietFlags(const db::Row& row, std::size_t first) {
  return {.muted = row.Bool(first), .restricted = row.Bool(first + 1)};
}

}  // namespace lenslet::store
