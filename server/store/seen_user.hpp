#pragma once
// A user, or a post's author, as one viewer sees them, read in ONE statement
// (issue 16.3: every statement is a round trip on the database a cluster
// shares): the public columns beside everything the privacy policy
// (api/users/visibility.hpp) decides with — whether the account is hidden
// (hidden_accounts: suspended or deactivated), whether either of the two
// blocks the other, the viewer's follow of the user, and the viewer's mute
// and restrict of them. Before, that was four statements per user shown.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/follow_store.hpp"
#include "store/post_store.hpp"
#include "store/quiet_flags.hpp"
#include "store/suspension_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

// What one viewer's rules need to know of one user. For an anonymous viewer
// (id 0) `blocked` is false, `follow` kNone and `quiet` empty.
struct SeenBy {
  std::optional<HiddenAs> hidden;  // why the policy hides the account, if it does
  bool blocked = false;            // either of the two blocks the other
  FollowState follow = FollowState::kNone;
  QuietFlags quiet;
};

struct SeenUser {
  PublicUserRow user;
  SeenBy seen;
};

// A post's header and its author as the viewer sees them.
struct SeenPost {
  PostHeader post;
  SeenUser author;
};

// The same, with what writing a comment on it needs besides.
struct SeenPostToComment {
  SeenPost seen;
  bool author_restricts_viewer = false;  // restricts, author → viewer
  bool author_has_hidden_words = false;  // whether the author's list needs reading
  PublicUserRow viewer;                  // the commenter, as the new comment shows them
};

// The same, with the post as GET /posts/{id} shows it: its row and the
// viewer's like and save, images left empty (PostStore::MediaFromCache and
// ReadMedia fill them).
struct SeenPostToShow {
  SeenPost seen;
  PostRow post;
};

// For stores that read a user as a viewer sees them beside other rows: the
// columns FindById reads (alias `u` for the user, $2 the viewer), where
// within them the policy's facts sit, and their reader from column `first` on.
std::string SeenUserColumns();
inline constexpr std::size_t kSeenByColumnCount = 3 + kQuietFlagColumnCount;
inline constexpr std::size_t kSeenUserColumnCount = kUserColumnCount + kSeenByColumnCount;
inline constexpr std::size_t kSeenHiddenColumn = kUserColumnCount;       // NULL: not hidden
inline constexpr std::size_t kSeenBlockedColumn = kUserColumnCount + 1;  // 1: either blocks the other
inline constexpr std::size_t kSeenFollowColumn = kUserColumnCount + 2;   // NULL: no follow or request
SeenUser ReadSeenUser(const db::Row& row, std::size_t first = 0);

// For stores that read a post as its viewer sees it beside other rows: the
// columns FindPost reads (aliases `p` for the post and `u` for its author, $2
// the viewer), and their reader from column `first` on.
std::string SeenPostColumns();
inline constexpr std::size_t kSeenPostColumnCount = 2 + kSeenUserColumnCount;
SeenPost ReadSeenPost(const db::Row& row, std::size_t first = 0);

class SeenUserStore {
 public:
  // `viewer` 0: anonymous. nullopt when there is no such user or post.
  std::optional<SeenUser> FindById(db::Connection& c, core::UserId id, core::UserId viewer) const;
  // Case-insensitive.
  std::optional<SeenUser> FindByUsername(db::Connection& c, std::string_view username,
                                         core::UserId viewer) const;
  std::optional<SeenPost> FindPost(db::Connection& c, core::PostId id, core::UserId viewer) const;
  std::optional<SeenPostToShow> FindPostToShow(db::Connection& c, core::PostId id, core::UserId viewer) const;
  std::optional<SeenPostToComment> FindPostToComment(db::Connection& c, core::PostId id,
                                                     core::UserId commenter) const;
};

}  // namespace lenslet::store
