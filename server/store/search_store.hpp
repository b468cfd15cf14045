#pragma once
// Prefix search over users (username or display name) and hashtags, for
// GET /search. One statement each. The caller passes the term already
// normalised (api/search/search_rules.hpp): lowercased, without the leading
// '#'/'@', non-empty, at most 100 characters. LIKE wildcards in it match
// themselves.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/follow_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

struct FoundUser {
  PublicUserRow user;
  FollowState viewer_state = FollowState::kNone;
  QuietFlags viewer_quiet;
};

struct FoundTag {
  std::string name;
  std::int64_t post_count = 0;
};

// `term` as a LIKE prefix pattern: '\', '%' and '_' escaped with '\' (the
// statements say ESCAPE '\'), then '%'.
std::string LikePrefixPattern(std::string_view term);

class SearchStore {
 public:
  // Users whose username or display name starts with `term` (case-insensitive),
  // leaving out users blocked either way with `viewer` (0: anonymous). Ranked:
  // the exact username first, then accounts the viewer follows, then by
  // follower count, then username.
  std::vector<FoundUser> Users(db::Connection& c, core::UserId viewer, std::string_view term,
                               int limit) const;
  // Tags whose name starts with `term`, with at least one post; most used first.
  std::vector<FoundTag> Tags(db::Connection& c, std::string_view term, int limit) const;
};

}  // namespace lenslet::store
