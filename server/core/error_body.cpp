#include "core/error_body.hpp"

namespace lenslet::core {

boost::json::object ErrorBody(const Error& error) {
  boost::json::object body;
  body["code"] = Describe(error.code()).wire_code;
  body["message"] = error.message();
  if (!error.field().empty()) body["field"] = error.field();
  if (error.retry_after_seconds) body["retryAfter"] = *error.retry_after_seconds;
  if (error.until) body["until"] = *error.until;
  boost::json::object envelope{{"error", std::move(body)}};
  if (error.challenge) envelope["challenge"] = *error.challenge;
  return envelope;
}

}  // namespace lenslet::core
