#pragma once
// The writes of `lenslet seed`: one write unit's worth of planned rows at a
// time, in multi-row statements. A seeded network is hundreds of thousands of
// rows; through the stores that is a statement per row (and per counter), and
// on PostgreSQL every statement is a round trip: 2,000 people took minutes.
// Each call writes its rows AND the counters the stores keep for them
// (users.post_count, follower_count, following_count; posts.like_count,
// comment_count; hashtags.post_count; media_blobs.ref_count), so every
// committed unit leaves the counters exact, as the stores' own writes do.
// What the stores check row by row (a taken username, a second follow or
// like of the same pair) is the plan's job here: it makes no duplicates, and
// the unique indexes refuse any it would.
#include <string>
#include <unordered_set>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/post_store.hpp"

namespace lenslet::app {

struct SeedAccount {
  std::string username;
  std::string display_name;
  std::string bio;
  bool is_private = false;
};

struct SeedFollow {
  core::UserId follower;
  core::UserId followee;
  bool accepted = false;  // false: a request the followee has not answered
  core::Millis at = 0;
};

struct SeedComment {
  core::UserId author;
  std::string text;
};

struct SeedPost {
  core::UserId author;
  std::string caption;
  std::vector<std::string> hashtags;              // distinct, normalised
  std::vector<const store::PostMediaRow*> media;  // processed images, by position
  core::Millis at = 0;                            // distinct among one call's posts
  std::vector<core::UserId> likers;               // distinct, never the author
  core::Millis liked_at = 0;
  std::vector<SeedComment> comments;
  core::Millis commented_at = 0;
};

// A login as AuthService starts one: a session and the hash of its refresh token.
struct SeedLogin {
  core::UserId user;
  std::string refresh_token_hash;
};

class SeedWriter {
 public:
  explicit SeedWriter(db::Connection& c) : c_(c) {}

  // Which of `usernames` an account already has, lowercased.
  std::unordered_set<std::string> TakenUsernames(const std::vector<std::string>& usernames);

  // The new accounts' ids, in the order of `accounts`. All were created and
  // last updated at `now`.
  std::vector<core::UserId> InsertAccounts(const std::vector<SeedAccount>& accounts,
                                           const std::string& password_hash, core::Millis now);

  // The follows and requests, and the accepted ones in both users' counters.
  void InsertFollows(const std::vector<SeedFollow>& follows);

  // The posts with their images (and renditions' blob references), hashtags,
  // likes and comments, and every counter of them.
  void InsertPosts(const std::vector<SeedPost>& posts);

  // One session per login, created at `now`, with its refresh token; the
  // session ids in the order of `logins`.
  std::vector<core::SessionId> InsertSessions(const std::vector<SeedLogin>& logins, core::Millis now,
                                              core::Millis expires_at, const std::string& user_agent,
                                              const std::string& address);

 private:
  db::Connection& c_;
};

}  // namespace lenslet::app
