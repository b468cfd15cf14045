// The posts JSON of an Instagram archive (issue 14.8).
#include "imports/instagram_posts.hpp"

#include <gtest/gtest.h>

#include "imports/refusal.hpp"

namespace lenslet::imports {
namespace {

TEST(InstagramPostsTest, ReadsSinglePhotosAndCarousels) {
  const auto posts = ParsePosts(R"([
    {"media": [{"uri": "media/posts/1.jpg", "creation_timestamp": 1600000000, "title": "caf\u00c3\u00a9 #paris"}]},
    {"title": "three \u00f0\u009f\u0093\u00b8", "creation_timestamp": 1500000000,
     "media": [{"uri": "a.jpg", "creation_timestamp": 1500000001, "title": ""},
               {"uri": "b.jpg", "creation_timestamp": 1500000002, "title": ""},
               {"uri": "c.mp4", "creation_timestamp": 1500000003, "title": ""}]}
  ])");
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].caption, "café #paris");
  EXPECT_EQ(posts[0].created_at_s, 1600000000);
  ASSERT_EQ(posts[0].media.size(), 1u);
  EXPECT_EQ(posts[0].media[0].uri, "media/posts/1.jpg");
  EXPECT_FALSE(posts[0].problem);
  EXPECT_EQ(posts[1].caption, "three \xF0\x9F\x93\xB8");
  EXPECT_EQ(posts[1].created_at_s, 1500000000);
  EXPECT_EQ(posts[1].media.size(), 3u);
}

TEST(InstagramPostsTest, AcceptsAWrappedListAndKeepsNonsensePostsAsProblems) {
  const auto posts = ParsePosts(R"({"ig_posts": [
    {"media": []}, 42, {"media": [{"uri": "x.jpg"}]},
    {"media": [{"uri": "y.jpg", "creation_timestamp": -5}], "creation_timestamp": "soon"}
  ]})");
  ASSERT_EQ(posts.size(), 4u);
  for (const auto& post : posts) EXPECT_EQ(post.problem, "invalid_post");
}

TEST(InstagramPostsTest, RefusesBrokenJson) {
  for (const auto* text : {"", "[", "{\"media\": ", "not json", "{\"a\": 1}", "\"posts\"",
                           "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]"
                           "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"}) {
    try {
      ParsePosts(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const Refusal& refusal) {
      EXPECT_EQ(refusal.reason(), "broken_json") << text;
    }
  }
}

TEST(InstagramPostsTest, ItemKeysAreStableAndTellPostsApart) {
  const auto a = ParsePosts(R"([{"media": [{"uri": "a.jpg", "creation_timestamp": 1}]},
                                {"media": [{"uri": "a.jpg", "creation_timestamp": 2}]},
                                {"media": [{"uri": "b.jpg", "creation_timestamp": 1}]}])");
  const auto again = ParsePosts(R"([{"media": [{"uri": "a.jpg", "creation_timestamp": 1, "title": "edited"}]}])");
  EXPECT_EQ(ItemKey(a[0]), ItemKey(again[0]));
  EXPECT_EQ(ItemKey(a[0]).size(), 64u);
  EXPECT_NE(ItemKey(a[0]), ItemKey(a[1]));
  EXPECT_NE(ItemKey(a[0]), ItemKey(a[2]));
}

}  // namespace
}  // namespace lenslet::imports
