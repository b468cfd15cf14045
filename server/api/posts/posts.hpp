#pragma once
// Posts, likes, comments and saves (API.md "Endpoints": /posts, /comments):
// one action per file in this folder, each a recipe: parse → validate → load
// (detail::LoadVisiblePost: 404 for unknown, blocked and private-not-followed)
// → authorise → write (one unit, counters included) → notifications → respond.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::posts {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action CreatePost;     // POST   /posts (multipart upload)
Action GetPost;        // GET    /posts/{id}
Action DeletePost;     // DELETE /posts/{id}
Action EditPost;       // PATCH  /posts/{id}
Action LikePost;       // POST   /posts/{id}/like
Action UnlikePost;     // DELETE /posts/{id}/like
Action SavePost;       // POST   /posts/{id}/save
Action UnsavePost;     // DELETE /posts/{id}/save
Action ListComments;   // GET    /posts/{id}/comments
Action CreateComment;  // POST   /posts/{id}/comments
Action DeleteComment;  // DELETE /comments/{id}

}  // namespace lenslet::api::posts
