#include "api/views/post_view.hpp"

#include "api/views/user_view.hpp"
#include "core/time.hpp"

namespace lenslet::api::views {
namespace {

constexpr std::string_view kJpeg = "image/jpeg";

const store::MediaVariantRow* Largest(const store::PostMediaRow& media) {
  for (const auto& v : media.variants) {
    if (v.mime_type == kJpeg) return &v;
  }
  return media.variants.empty() ? nullptr : &media.variants.front();
}

const store::MediaVariantRow* Smallest(const store::PostMediaRow& media) {
  for (auto it = media.variants.rbegin(); it != media.variants.rend(); ++it) {
    if (it->mime_type == kJpeg) return &*it;
  }
  return media.variants.empty() ? nullptr : &media.variants.back();
}

}  // namespace

std::string MediaUrl(std::string_view key) { return "/media/" + std::string(key); }

boost::json::object MediaItem(const store::PostMediaRow& media) {
  boost::json::array variants;
  for (const auto& v : media.variants) {
    variants.push_back(boost::json::object{
        {"url", MediaUrl(v.key)}, {"width", v.width}, {"height", v.height}, {"type", v.mime_type}});
  }
  const auto* largest = Largest(media);
  return {
      {"url", largest ? boost::json::value(MediaUrl(largest->key)) : boost::json::value(nullptr)},
      {"width", largest ? largest->width : media.width},
      {"height", largest ? largest->height : media.height},
      {"alt", media.alt},
      {"placeholder", media.placeholder},
      {"placeholderColour", media.average_colour},
      {"variants", std::move(variants)},
  };
}

boost::json::object EditedMembers(const store::PostRow& post) {
  boost::json::array media;
  for (const auto& m : post.media) media.push_back(MediaItem(m));
  return {
      {"caption", post.caption},
      {"media", std::move(media)},
      {"createdAt", core::ToIso8601(post.created_at)},
      {"editedAt",
       post.edited_at ? boost::json::value(core::ToIso8601(*post.edited_at)) : boost::json::value(nullptr)},
  };
}

boost::json::object Post(const store::PostRow& post) {
  auto out = EditedMembers(post);
  out["id"] = post.id.ToString();
  out["author"] = Author(post.author);
  out["likeCount"] = post.like_count;
  out["commentCount"] = post.comment_count;
  out["likedByMe"] = post.liked_by_me;
  out["savedByMe"] = post.saved_by_me;
  return out;
}

boost::json::object PostSummary(const store::PostRow& post) {
  boost::json::value thumbnail = nullptr;
  boost::json::array media;
  if (!post.media.empty()) {
    if (const auto* small = Smallest(post.media.front()))
      thumbnail = boost::json::string(MediaUrl(small->key));
    media.push_back(MediaItem(post.media.front()));
  }
  return {{"id", post.id.ToString()}, {"thumbnailUrl", std::move(thumbnail)}, {"media", std::move(media)}};
}

boost::json::object Comment(const store::CommentRow& comment) {
  return {
      {"id", comment.id.ToString()},
      {"postId", comment.post.ToString()},
      {"author", Author(comment.author)},
      {"text", comment.text},
      {"createdAt", core::ToIso8601(comment.created_at)},
  };
}

}  // namespace lenslet::api::views
