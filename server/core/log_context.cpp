#include "core/log_context.hpp"

namespace lenslet::core {
namespace {

thread_local const std::string* current_request_id = nullptr;

}  // namespace

std::string_view CurrentRequestId() {
  return current_request_id != nullptr ? std::string_view(*current_request_id) : std::string_view();
}

RequestIdScope::RequestIdScope(const std::string* request_id) : previous_(current_request_id) {
  current_request_id = request_id;
}

RequestIdScope::~RequestIdScope() { current_request_id = previous_; }

}  // namespace lenslet::core
