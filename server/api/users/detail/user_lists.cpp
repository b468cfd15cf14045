#include "api/users/detail/user_lists.hpp"

#include "api/users/visibility.hpp"
#include "api/views/user_view.hpp"
#include "core/error.hpp"
#include "store/follow_store.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users::detail {
namespace {

std::optional<store::UserListPosition> After(const api::detail::PageRequest& page) {
  if (page.first_page()) return std::nullopt;
  return store::UserListPosition{page.after[0], core::UserId(page.after[1])};
}

// The store is asked for one row more than the page holds: its presence says
// there is a next page.
boost::json::object ToPage(std::vector<store::ListedUser> rows, std::optional<core::UserId> viewer,
                           const api::detail::PageRequest& page) {
  std::optional<std::vector<std::int64_t>> next;
  if (rows.size() > static_cast<std::size_t>(page.limit)) {
    rows.resize(static_cast<std::size_t>(page.limit));
    next = std::vector<std::int64_t>{rows.back().position.since, rows.back().position.user.value};
  }
  boost::json::array items;
  items.reserve(rows.size());
  for (const auto& row : rows) items.push_back(views::PublicUser(row.user, RelationshipOf(viewer, row)));
  return api::detail::Page(std::move(items), next);
}

}  // namespace

boost::json::object UserListPage(db::Connection& c, std::optional<core::UserId> viewer,
                                 std::string_view username, UserList list,
                                 const api::detail::PageRequest& page) {
  const auto owner = LoadProfile(c, viewer, username);
  // A private account's lists are 404 (not 403) to strangers, like its posts.
  if (!owner.can_see_content) core::ThrowNotFound("No such user");
  const store::FollowStore follows;
  const core::UserId viewer_or_anonymous = viewer.value_or(core::UserId(0));
  auto rows = list == UserList::kFollowers
                  ? follows.Followers(c, owner.user.id, viewer_or_anonymous, After(page), page.limit + 1)
                  : follows.Following(c, owner.user.id, viewer_or_anonymous, After(page), page.limit + 1);
  return ToPage(std::move(rows), viewer, page);
}

boost::json::object FollowRequestsPage(db::Connection& c, core::UserId owner,
                                       const api::detail::PageRequest& page) {
  return ToPage(store::FollowStore().Requests(c, owner, After(page), page.limit + 1), owner, page);
}

boost::json::object MutedUsersPage(db::Connection& c, core::UserId owner, const api::detail::PageRequest& page) {
  return ToPage(store::MuteStore().Muted(c, owner, After(page), page.limit + 1), owner, page);
}

boost::json::object RestrictedUsersPage(db::Connection& c, core::UserId owner,
                                        const api::detail::PageRequest& page) {
  return ToPage(store::RestrictStore().Restricted(c, owner, After(page), page.limit + 1), owner, page);
}

}  // namespace lenslet::api::users::detail
