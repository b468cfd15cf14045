// A post written from its kept fragment is the document views::Post builds,
// whatever its caption, images, dates and author hold.
#include "api/views/rendered_posts.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <random>

#include "api/detail/post_json.hpp"
#include "api/views/post_view.hpp"

namespace lenslet::api::views {
namespace {

store::PostMediaRow Image(int position, std::string alt) {
  return {.position = position,
          .width = 1080,
          .height = 1350,
          .alt = std::move(alt),
          .placeholder = "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
          .average_colour = "#a0b1c2",
          .variants = {{"ab/cd/1.webp", 1080, 1350, "image/webp"},
                       {"ab/cd/1.jpg", 1080, 1350, "image/jpeg"},
                       {"ab/cd/2.webp", 640, 800, "image/webp"},
                       {"ab/cd/2.jpg", 640, 800, "image/jpeg"}}};
}

store::PostRow APost() {
  store::PostRow post;
  post.id = core::PostId(9'007'199'254'740'993);  // beyond a double's exact integers
  post.author.id = core::UserId(42);
  post.author.username = "ann";
  post.author.display_name = "Ann \"the\" Photographer";
  post.author.avatar_key = "ef/01/avatar.webp";
  post.caption = "Low tide\n\t\"quoted\" \\ back\x01slash — 🌊 #sea";
  post.like_count = 12;
  post.comment_count = 3;
  post.created_at = 1'733'000'000'123;
  post.media = {Image(0, "A card <b>&amp;</b>"), Image(1, "")};
  post.media_current = true;
  post.liked_by_me = true;
  return post;
}

boost::json::value Written(const store::PostRow& post) {
  std::string out;
  AppendPost(out, post, PostFragment(post));
  return boost::json::parse(out);
}

TEST(RenderedPosts, APostIsTheDocumentViewsPostBuilds) {
  auto post = APost();
  EXPECT_EQ(Written(post), boost::json::value(Post(post)));

  post.edited_at = post.created_at + 60'000;
  post.saved_by_me = true;
  post.liked_by_me = false;
  EXPECT_EQ(Written(post), boost::json::value(Post(post)));

  post.media.clear();
  post.author.avatar_key.reset();
  EXPECT_EQ(Written(post), boost::json::value(Post(post)));

  post.author.deactivated = true;  // shown as a deleted user
  EXPECT_EQ(Written(post), boost::json::value(Post(post)));
}

TEST(RenderedPosts, AnyCaptionBytesAreEscapedAsBoostJsonDoes) {
  std::mt19937 random(7);
  auto post = APost();
  for (int round = 0; round < 2'000; ++round) {
    std::string caption;
    const int length = static_cast<int>(random() % 40);
    // ASCII with every control character, plus valid multi-byte sequences.
    for (int i = 0; i < length; ++i) {
      const auto pick = random() % 10;
      if (pick == 0) {
        caption += "é";
      } else if (pick == 1) {
        caption += "\xF0\x9F\x8C\x8A";
      } else {
        caption += static_cast<char>(random() % 128);
      }
    }
    post.caption = caption;
    post.media.front().alt = caption;
    ASSERT_EQ(Written(post), boost::json::value(Post(post))) << caption;
  }
}

TEST(RenderedPosts, APageHasItsItemsAndCursor) {
  std::vector posts{APost(), APost()};
  posts[1].id = core::PostId(5);
  const api::detail::PostFragments fragments{std::make_shared<const std::string>(PostFragment(posts[0])),
                                             std::make_shared<const std::string>(PostFragment(posts[1]))};
  const auto page = api::detail::PostsPage(posts, fragments, std::vector<std::int64_t>{1, 5}).Parse();
  ASSERT_EQ(page.at("items").as_array().size(), 2u);
  EXPECT_EQ(page.at("items").as_array()[1], boost::json::value(Post(posts[1])));
  EXPECT_TRUE(page.at("nextCursor").is_string());
  EXPECT_TRUE(api::detail::PostsPage({}, {}, std::nullopt).Parse() ==
              boost::json::parse(R"({"items":[],"nextCursor":null})"));
}

}  // namespace
}  // namespace lenslet::api::views
