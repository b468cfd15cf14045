#pragma once
// The wire shape of a direct message (API.md "Objects"):
//   {id, conversationId, sender: {id, username, displayName, avatarUrl}, text,
//    media: null | {url, width, height, alt, placeholder, placeholderColour,
//                   variants: [{url, width, height, type}]},
//    clientId, createdAt}
// media is shaped like one image of a post (views::MediaItem).
#include <boost/json/object.hpp>

#include "store/message_store.hpp"

namespace lenslet::api::views {

boost::json::object Message(const store::MessageRow& message);

}  // namespace lenslet::api::views
