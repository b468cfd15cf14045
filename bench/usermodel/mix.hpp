#pragma once
// The user model: what one simulated person does per minute on average, and
// the requests each of those actions makes. Rates are the issue-16 mix; a
// run multiplies them all by --speedup.
#include <array>
#include <cstddef>
#include <string_view>

namespace lenslet::bench::usermodel {

// What a person decides to do (one Poisson process per person and action).
enum class Action : std::size_t {
  kFeed,           // home feed page 1 (page 2 one time in four)
  kPostView,       // GET /posts/{id} and its first comments page, together
  kLikeToggle,     // like, or unlike what they liked
  kMessage,        // message:send to one of their regular partners
  kProfileView,    // GET /users/{u}, then their posts when visible
  kExplore,        // GET /explore
  kNotifications,  // GET /notifications
  kComment,        // POST /posts/{id}/comments
  kFollowToggle,   // follow someone, or unfollow whom they followed in this run
  kUpload,         // POST /posts with one phone-sized JPEG
};
inline constexpr std::size_t kActionCount = 10;

struct ActionInfo {
  std::string_view name;
  double per_minute;  // per person, before --speedup
};

inline constexpr std::array<ActionInfo, kActionCount> kActions{{
    {"feed", 1.0},
    {"post_view", 2.0},
    {"like", 0.5},
    {"message", 0.5},
    {"profile", 0.2},
    {"explore", 0.2},
    {"notifications", 0.1},
    {"comment", 0.05},
    {"follow", 0.05},
    {"upload", 1.0 / (24 * 60)},  // one a day
}};

// What is measured: one line of the report each.
enum class Kind : std::size_t {
  kFeed,
  kFeedPage2,
  kPost,
  kComments,
  kLike,
  kUnlike,
  kMessage,  // message:send → its ack
  kProfile,
  kProfilePosts,
  kExplore,
  kNotifications,
  kComment,
  kFollow,
  kUnfollow,
  kUpload,
};
inline constexpr std::size_t kKindCount = 15;

inline constexpr std::array<std::string_view, kKindCount> kKindNames{
    "feed",          "feed_page2", "post",          "comments", "like",   "unlike",   "message", "profile",
    "profile_posts", "explore",    "notifications", "comment",  "follow", "unfollow", "upload"};

constexpr std::string_view Name(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }
constexpr std::size_t Index(Kind kind) { return static_cast<std::size_t>(kind); }
constexpr std::size_t Index(Action action) { return static_cast<std::size_t>(action); }

}  // namespace lenslet::bench::usermodel
