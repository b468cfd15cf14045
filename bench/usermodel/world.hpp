#pragma once
// What every thread reads and nobody changes once the run starts: the seeded
// accounts, each person's regular message partners and their conversations,
// public posts to act on before a person has read a page, upload bodies.
#include <cstddef>
#include <string>
#include <vector>

namespace lenslet::bench::usermodel {

struct Account {
  std::string username;
  std::string access_token;
};

struct Partner {
  std::size_t person = 0;
  std::string conversation_id;
};

struct PostRef {
  std::string id;
  std::string author;  // username
  bool liked = false;  // by the person holding this copy
};

struct World {
  std::vector<Account> accounts;  // every seeded account; people are the first `people`
  std::size_t people = 0;
  std::vector<std::vector<Partner>> partners;  // per person
  std::vector<PostRef> public_posts;           // from /explore before the run
  std::vector<std::string> upload_bodies;      // multipart/form-data bodies, one image each
  std::string upload_boundary;
  std::string run_tag;  // makes clientIds unique per run (they are idempotency keys)
};

// Reads "<username> <accessToken>" lines.
std::vector<Account> ReadAccounts(const std::string& path);

}  // namespace lenslet::bench::usermodel
