#pragma once
// Why an archive, or one item of it, cannot be imported: a stable snake_case
// reason (what the final report and the web app switch on) and a sentence for
// people. Thrown by the archive readers; the import job turns it into a failed
// import (the archive as a whole) or a counted, reported item (one post).
#include <stdexcept>
#include <string>

namespace lenslet::imports {

class Refusal : public std::runtime_error {
 public:
  Refusal(std::string reason, std::string message)
      : std::runtime_error(message), reason_(std::move(reason)), message_(std::move(message)) {}
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }

 private:
  std::string reason_;
  std::string message_;
};

}  // namespace lenslet::imports
