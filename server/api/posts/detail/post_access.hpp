#pragma once
// The one loader every action about an existing post goes through.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/notifications/push.hpp"
#include "api/users/visibility.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/post_store.hpp"
#include "store/seen_user.hpp"

namespace lenslet::api::posts::detail {

struct VisiblePost {
  store::PostHeader post;
  users::Profile author;  // as the viewer sees them
};

// The post `id` for `viewer` (nullopt: anonymous), inside the caller's unit:
// one statement (store/seen_user.hpp), and the viewer's role only when the
// author is suspended. Throws Error(kNotFound) when there is no such post,
// when its author and the viewer blocked each other, when the author is
// hidden from the viewer (suspended, deactivated), or when the author is
// private and the viewer is not an approved follower (API.md "Privacy": 404,
// not 403).
VisiblePost LoadVisiblePost(db::Connection& c, std::optional<core::UserId> viewer, core::PostId id);
// The same decision on a post the caller already read with
// store::SeenUserStore (nullopt: no such post).
VisiblePost VisiblePostOf(db::Connection& c, std::optional<core::UserId> viewer,
                          std::optional<store::SeenPost> seen);

// A post `commenter` may comment on, with what the comment unit needs besides
// (api/users/visibility.hpp: restricted, the author's hidden words), in the
// same one statement.
struct PostToComment {
  VisiblePost visible;
  bool restricted = false;               // the comment will be a restricted one
  bool author_has_hidden_words = false;  // false: nothing of the author's list can hide it
  store::PublicUserRow commenter;
};
PostToComment LoadPostToComment(db::Connection& c, core::UserId commenter, core::PostId id);

// The {id} path parameter; 404 for anything that is not an id.
core::PostId PostIdParam(std::string_view text);

// Sends "mention" notifications to the users named in `names` (from
// ParseMentions) who exist, are not `actor` or `except`, and do not block or
// are not blocked by `actor`; the new ones are added to `created` (pushed live
// after the unit commits).
void NotifyMentions(std::vector<notifications::Created>& created, db::Connection& c, core::UserId actor,
                    const std::vector<std::string>& names, core::PostId post,
                    std::optional<core::CommentId> comment, core::Millis now,
                    std::optional<core::UserId> except = std::nullopt);

// POST /posts inside the caller's write unit, its media already stored: the
// post and its mentions' notifications (added to `created`), before the
// author's post count (see PostStore::Insert). Returns the post as shown.
boost::json::object StorePost(db::Connection& c, const store::NewPost& post,
                              const std::vector<std::string>& mentions,
                              std::vector<notifications::Created>& created);

}  // namespace lenslet::api::posts::detail
