#include "world.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lenslet::bench::usermodel {

std::vector<Account> ReadAccounts(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Account> accounts;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Account account;
    if (fields >> account.username >> account.access_token) accounts.push_back(std::move(account));
  }
  return accounts;
}

}  // namespace lenslet::bench::usermodel
