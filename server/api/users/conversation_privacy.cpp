#include "api/users/conversation_privacy.hpp"

namespace lenslet::api::users {

bool MaySeeActivity(const PairFacts& facts) {
  if (facts.same_person) return true;
  // WARNING: each term is a promise of API.md: a blocked pair, a restricted
  // viewer and the sender of a request not yet accepted learn nothing.
  return !facts.blocked && !facts.subject_restricts_viewer && facts.subject_accepted;
}

bool MaySeeProfileAndMessages(const PairFacts& facts) { return facts.same_person || !facts.blocked; }

bool StartsAsRequest(bool recipient_follows_starter, bool recipient_restricts_starter) {
  return recipient_restricts_starter || !recipient_follows_starter;
}

}  // namespace lenslet::api::users
