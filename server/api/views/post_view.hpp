#pragma once
// The wire shape of a post (API.md "Objects"):
//   {id, author: {id, username, displayName, avatarUrl}, caption,
//    media: [{url, width, height, alt, placeholder, variants: [{url, width, height, type}]}],
//    likeCount, commentCount, likedByMe, savedByMe, createdAt}
//
// `url`/`width`/`height` are the largest JPEG rendition: every client decodes
// JPEG (mail previews, old browsers, link unfurlers), while `variants` lists
// every rendition — WebP and JPEG at each size, largest first — for clients
// that pick (<picture>, srcset). `placeholder` is the BlurHash; the average
// colour is `placeholderColour` ("#rrggbb") for clients without a decoder.
//
// Media URLs are capability URLs: "/media/<sha256 of the bytes>.<ext>" is
// served to anyone who has it, without a session, because it cannot be
// guessed; a private account's posts hide their URLs, not their files.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/views/user_view.hpp"
#include "store/comment_store.hpp"
#include "store/post_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::views {

// "/media/<key>".
std::string MediaUrl(std::string_view key);

// One image: {url, width, height, alt, placeholder, placeholderColour,
// variants: [{url, width, height, type}]} (posts and direct messages).
boost::json::object MediaItem(const store::PostMediaRow& media);

boost::json::object Post(const store::PostRow& post);
// The members of Post that only an edit of the post changes: caption, media,
// createdAt, editedAt (kept rendered by api/views/rendered_posts.hpp).
boost::json::object EditedMembers(const store::PostRow& post);

// The smallest rendition of the first image, for thumbnails (notifications):
// {id, thumbnailUrl, media: [first image]}.
boost::json::object PostSummary(const store::PostRow& post);

// {id, postId, author: {id, username, displayName, avatarUrl}, text, createdAt}.
boost::json::object Comment(const store::CommentRow& comment);

}  // namespace lenslet::api::views
