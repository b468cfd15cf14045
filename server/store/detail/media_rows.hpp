#pragma once
// Reading a post's images from rows that list one rendition each, in order
// of (position, rank): PostStore::LoadPage and VisiblePostSummaries select
// the same columns from `first` on — position, width, height, alt,
// placeholder, average colour, then the rendition's key, width, height and
// MIME type.
#include <vector>

#include "db/database.hpp"
#include "store/post_store.hpp"

namespace lenslet::store::detail {

// Adds row `r`'s rendition to `media`, opening a new image when its position
// is not the last one's.
inline void AppendRendition(std::vector<PostMediaRow>& media, const db::Row& r, int first = 1) {
  const auto position = static_cast<int>(r.Int(first));
  if (media.empty() || media.back().position != position) {
    media.push_back(PostMediaRow{.position = position,
                                 .width = static_cast<int>(r.Int(first + 1)),
                                 .height = static_cast<int>(r.Int(first + 2)),
                                 .alt = r.Text(first + 3),
                                 .placeholder = r.Text(first + 4),
                                 .average_colour = r.Text(first + 5)});
  }
  media.back().variants.push_back(MediaVariantRow{.key = r.Text(first + 6),
                                                  .width = static_cast<int>(r.Int(first + 7)),
                                                  .height = static_cast<int>(r.Int(first + 8)),
                                                  .mime_type = r.Text(first + 9)});
}

}  // namespace lenslet::store::detail
