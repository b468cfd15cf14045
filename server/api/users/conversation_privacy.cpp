#include "api/users/conversation_privacy.hpp"

#include <algorithm>

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

bool ContainsHiddenWord(std::string_view text, std::span<const std::string> words) {
  if (words.empty()) return false;
  std::string folded(text);
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& word) { return !word.empty() && folded.find(word) != std::string::npos; });
}

}  // namespace lenslet::api::users
