// The conversation privacy rules as plain functions (issue 13.5–13.7).
#include "api/users/conversation_privacy.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace lenslet::api::users {
namespace {

TEST(ConversationPrivacy, ActivityNeedsAnAcceptedConversationAndNoBlockOrRestrict) {
  EXPECT_TRUE(MaySeeActivity({.subject_accepted = true}));
  EXPECT_FALSE(MaySeeActivity({.subject_accepted = false})) << "a request's recipient tells its sender nothing";
  EXPECT_FALSE(MaySeeActivity({.blocked = true, .subject_accepted = true}));
  EXPECT_FALSE(MaySeeActivity({.subject_restricts_viewer = true, .subject_accepted = true}));
  EXPECT_TRUE(MaySeeActivity({.same_person = true, .blocked = true})) << "one's own devices";
}

TEST(ConversationPrivacy, ProfilesAndMessagesOnlyWithoutABlock) {
  EXPECT_TRUE(MaySeeProfileAndMessages({}));
  EXPECT_TRUE(MaySeeProfileAndMessages({.subject_restricts_viewer = true}));
  EXPECT_FALSE(MaySeeProfileAndMessages({.blocked = true}));
}

TEST(ConversationPrivacy, RequestsComeFromPeopleOneDoesNotFollowOrRestricts) {
  EXPECT_FALSE(StartsAsRequest(true, false));
  EXPECT_TRUE(StartsAsRequest(false, false));
  EXPECT_TRUE(StartsAsRequest(true, true));
}

TEST(ConversationPrivacy, HiddenWordsMatchWithoutRegardToCase) {
  const std::vector<std::string> words{"crypto", "spam deal"};
  EXPECT_TRUE(ContainsHiddenWord("Buy CRYPTOcoins now", words));
  EXPECT_TRUE(ContainsHiddenWord("a Spam Deal!", words));
  EXPECT_FALSE(ContainsHiddenWord("spam, deal", words));
  EXPECT_FALSE(ContainsHiddenWord("anything", {}));
  const std::vector<std::string> empty_word{""};
  EXPECT_FALSE(ContainsHiddenWord("anything", empty_word));
}

}  // namespace
}  // namespace lenslet::api::users
