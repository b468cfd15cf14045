#pragma once
// Deleting one's account (issue 14.6; migration 0016). Three moments:
//
//   Deactivate   the owner asks: users.deactivated_at/delete_at are set and the
//                purge job (account_purges) is written, in the caller's unit.
//                From then on the privacy policy hides the account from
//                everyone (store/suspension_store.hpp LENSLET_NOT_SUSPENDED).
//   Restore      a login with the right password before delete_at clears both
//                and deletes the job; after delete_at the account is gone.
//   Purge        a worker claims the due job with a lease and runs PurgeStep
//                until it reports the end, one bounded batch per unit; each
//                batch first renews the lease (so a worker whose lease lapsed,
//                or whose account was restored, stops writing). Every step is
//                idempotent: a purge killed anywhere resumes from the start of
//                the list and skips what is already gone.
//
// What goes and what stays (docs/data-ownership.md "Deleting an account"): their
// posts (with everyone's likes, comments and saves of them, their hashtag
// links, their media files unless another row uses the same file), their
// comments, likes and saves on others' posts (those counters are uncounted
// exactly as an unlike or a comment deletion would), follows and follow
// requests both ways (follower/following counts), blocks, mutes, restricts,
// hidden words, notifications to and from them, the reports they filed,
// their logins and their avatar. Messages they sent stay in their
// conversations, shown as from a deleted user, and so do reports about them
// and the audit log. The users row becomes a tombstone (purged_at): its
// username and email become "~<id>", which no sign-up can take, so both are
// free again, and a new account of the same name is a new id that inherits
// nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

// What a login with the right password finds.
enum class AccountStanding {
  kActive,    // nothing to do
  kRestored,  // was deactivated, before delete_at: now active again
  kGone,      // deactivated and past delete_at (or purged): as if it never existed
};

// A purge job held by one worker until `lease_until`.
struct PurgeClaim {
  core::UserId user;
  std::string token;
  std::int64_t attempts = 0;  // this claim included: the back-off grows with it
};

// One unit of purge work.
struct PurgeBatch {
  bool finished = false;  // the account is a tombstone and the job is gone
  bool lost = false;      // the claim is no longer ours (lapsed, or the account was restored)
  // Media keys whose last reference this batch dropped: their files may go
  // once the unit commits (they are also in account_purge_files until then).
  std::vector<std::string> released_keys;
};

class AccountDeletionStore {
 public:
  // Deactivates `user` and writes its purge job, due at `delete_at`. False
  // when there is no such active account.
  bool Deactivate(db::Connection& c, core::UserId user, core::Millis now, core::Millis delete_at) const;
  // For a login that proved the password, inside its unit (one probe; a
  // restore writes two statements more).
  AccountStanding RestoreForLogin(db::Connection& c, core::UserId user, core::Millis now) const;

  // Claims one due job nobody holds (due_at <= now, lease lapsed) for
  // `lease_ms`. On PostgreSQL two instances racing for the same row: the
  // conditional UPDATE lets exactly one have it.
  std::optional<PurgeClaim> ClaimDue(db::Connection& c, core::Millis now, core::Millis lease_ms,
                                     const std::string& token) const;
  // Runs the next bounded batch of the purge (at most `limit` rows of one
  // kind), after renewing the lease. Each call is its own unit.
  PurgeBatch PurgeStep(db::Connection& c, const PurgeClaim& claim, core::Millis now, core::Millis lease_ms,
                       int limit) const;
  // The released keys a purge recorded and has not yet confirmed deleted.
  std::vector<std::string> PendingFiles(db::Connection& c, core::UserId user, int limit) const;
  // Forgets recorded keys once their files are gone (or were still used).
  void ForgetFiles(db::Connection& c, core::UserId user, const std::vector<std::string>& keys) const;
  // Gives the job back after a failure: due again at `retry_at`.
  void Release(db::Connection& c, const PurgeClaim& claim, core::Millis retry_at, const std::string& error) const;
};

}  // namespace lenslet::store
