#include "api/detail/post_images.hpp"

#include "db/statement_unit.hpp"

namespace lenslet::api::detail {

void FillImagesNow(db::Database& db, std::uint64_t database, std::vector<store::PostRow>& posts) {
  const store::PostStore store;
  const auto missing = store.MediaFromCache(database, posts);
  if (missing.empty()) return;
  db::ReadStatementNow(db, [&](db::Connection& c) { store.ReadMedia(c, posts, missing); });
}

}  // namespace lenslet::api::detail
