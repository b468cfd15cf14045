#pragma once
// What the two backends share beyond the public Connection: running a
// multi-statement script (migrations) and a statement cache keyed by SQL text.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/database.hpp"

namespace lenslet::db::detail {

class BackendConnection : public Connection {
 public:
  // Runs SQL that may hold several statements and takes no parameters.
  virtual void ExecScript(std::string_view sql) = 0;

  void ResetStatementCounter() { statements_executed_ = 0; }
};

struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Keyed by SQL text so a store's named constant maps to one prepared
// statement per connection; heterogeneous lookup avoids a copy per call.
template <typename T>
using StatementCache = std::unordered_map<std::string, T, SqlHash, std::equal_to<>>;

}  // namespace lenslet::db::detail
