#pragma once
// The images of posts a one-statement unit read without them
// (store::PostStore::LoadDated, SeenUserStore::FindPostToShow): from the
// process-wide cache, else with one more one-statement unit.
#include <cstdint>
#include <vector>

#include "db/database.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::detail {

// Fills the images of `posts`, read from database `database`
// (db::Connection::database_id): from PostMediaCache where current, else with
// one statement (store::PostStore::ReadMedia, which leaves out a post deleted
// since). Blocking: call it on the database pool.
void FillImagesNow(db::Database& db, std::uint64_t database, std::vector<store::PostRow>& posts);

}  // namespace lenslet::api::detail
