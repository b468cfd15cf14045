// Finding posts_<n>.json across the archive layouts Instagram has used
// (issue 14.8), and resolving media uris without ever leaving the archive.
#include "imports/archive_layout.hpp"

#include <gtest/gtest.h>

namespace lenslet::imports {
namespace {

using Names = std::vector<std::string>;

TEST(ArchiveLayoutTest, FindsEachLayoutAndItsRoot) {
  const auto current = FindPostsFiles(Names{"your_instagram_activity/media/posts_1.json",
                                            "media/posts/202301/1.jpg", "personal_information/x.json"});
  ASSERT_TRUE(current);
  EXPECT_EQ(current->root, "");
  EXPECT_EQ(current->files, Names{"your_instagram_activity/media/posts_1.json"});

  const auto content = FindPostsFiles(Names{"your_instagram_activity/content/posts_1.json"});
  ASSERT_TRUE(content);
  EXPECT_EQ(content->files, Names{"your_instagram_activity/content/posts_1.json"});

  const auto old = FindPostsFiles(Names{"content/posts_1.json", "media/posts/1.jpg"});
  ASSERT_TRUE(old);
  EXPECT_EQ(old->root, "");
  EXPECT_EQ(old->files, Names{"content/posts_1.json"});

  // Unpacked and zipped again: everything inside one top folder.
  const auto nested = FindPostsFiles(Names{"instagram-ada-2024/your_instagram_activity/media/posts_1.json"});
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->root, "instagram-ada-2024/");
}

TEST(ArchiveLayoutTest, TakesEveryPostsFileInNumberOrderAndPrefersTheNewestLayout) {
  const auto found = FindPostsFiles(Names{"content/posts_1.json", "your_instagram_activity/media/posts_10.json",
                                          "your_instagram_activity/media/posts_2.json",
                                          "your_instagram_activity/media/posts_1.json",
                                          "your_instagram_activity/media/stories.json",
                                          "your_instagram_activity/media/posts_x.json"});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->files, (Names{"your_instagram_activity/media/posts_1.json",
                                 "your_instagram_activity/media/posts_2.json",
                                 "your_instagram_activity/media/posts_10.json"}));
}

TEST(ArchiveLayoutTest, FindsNothingWithoutPostsFiles) {
  EXPECT_FALSE(FindPostsFiles(Names{}));
  EXPECT_FALSE(FindPostsFiles(Names{"posts_1.json", "other/posts_1.json", "media/posts_1.jsonx"}));
}

TEST(ArchiveLayoutTest, ResolvesUrisUnderTheRootOnly) {
  EXPECT_EQ(CandidateEntries("", "media/posts/1.jpg"), Names{"media/posts/1.jpg"});
  EXPECT_EQ(CandidateEntries("top/", "media/posts/1.jpg"), (Names{"top/media/posts/1.jpg", "media/posts/1.jpg"}));
  for (const auto* hostile : {"", "/etc/passwd", "../../etc/passwd", "media/../../x.jpg", "media/./x.jpg",
                              "media//x.jpg", "C:\\Windows\\x.jpg", "media\\x.jpg", "https://example.org/x.jpg",
                              "media/x.jpg/", "media/\x01x.jpg"}) {
    EXPECT_TRUE(CandidateEntries("", hostile).empty()) << hostile;
  }
}

}  // namespace
}  // namespace lenslet::imports
