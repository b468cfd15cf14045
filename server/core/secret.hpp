#pragma once
// A value that must never reach a log line: it prints as "***".
#include <ostream>
#include <string>
#include <utility>

namespace lenslet::core {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The only way to read it; grep for Reveal() to audit every use.
  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

 private:
  std::string value_;
};

}  // namespace lenslet::core
