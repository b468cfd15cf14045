#include "workload.hpp"

#include <charconv>
#include <chrono>
#include <random>

namespace lenslet::bench {
namespace {

namespace json = boost::json;

std::int64_t Int64Field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_int64() ? value->as_int64() : 0;
}

class EchoWorkload final : public Workload {
 public:
  json::value Auth(std::size_t) const override { return json::object{}; }
  bool IsSender(std::size_t) const override { return true; }
  bool Send(SioClient& client, std::int64_t sent_ns, std::uint64_t seq, std::uint64_t) const override {
    client.Emit("message", json::object{{"t", sent_ns}, {"seq", seq}});
    return false;
  }
  Delivery Classify(const SioClient&, std::string_view event, const json::array& args) const override {
    if (event != "message-back" || args.size() < 2 || !args[1].is_object()) return {};
    return {Delivery::Kind::kDelivered, Int64Field(args[1].as_object(), "t")};
  }
  std::string AckError(const json::array&) const override { return {}; }
};

// The text of a bench message: "bench <sent_ns> <seq>".
constexpr std::string_view kTextPrefix = "bench ";

class LensletWorkload final : public Workload {
 public:
  LensletWorkload(std::vector<Account> accounts, std::vector<std::string> conversations)
      : accounts_(std::move(accounts)), conversations_(std::move(conversations)) {
    // clientIds are idempotency keys per sender: a run must not reuse those of
    // an earlier run against the same database, or its messages are not delivered.
    run_ = std::to_string(std::random_device{}() % 1'000'000'000);
  }

  json::value Auth(std::size_t client) const override { return json::object{{"token", accounts_[client].access_token}}; }
  bool IsSender(std::size_t client) const override {
    return client % 2 == 0 && !conversations_[client / 2].empty();
  }
  bool Send(SioClient& client, std::int64_t sent_ns, std::uint64_t seq, std::uint64_t ack_id) const override {
    const auto index = client.index();
    std::string text(kTextPrefix);
    text += std::to_string(sent_ns);
    text += ' ';
    text += std::to_string(seq);
    client.Emit("message:send",
                json::object{{"conversationId", conversations_[index / 2]},
                             {"text", std::move(text)},
                             {"clientId", run_ + "-" + std::to_string(index) + "-" + std::to_string(seq)}},
                ack_id);
    return true;
  }
  Delivery Classify(const SioClient& client, std::string_view event, const json::array& args) const override {
    if (event != "message:new" || args.size() < 2 || !args[1].is_object()) return {};
    const auto* message = args[1].as_object().if_contains("message");
    if (!message || !message->is_object()) return {};
    const auto* text = message->as_object().if_contains("text");
    if (!text || !text->is_string()) return {};
    const std::string_view body = text->as_string();
    if (!body.starts_with(kTextPrefix)) return {};
    std::int64_t sent_ns = 0;
    const auto digits = body.substr(kTextPrefix.size());
    if (std::from_chars(digits.data(), digits.data() + digits.size(), sent_ns).ec != std::errc{}) return {};
    // The sender's own socket may hear its message too (API.md: every device
    // of every participant); only the peer's copy is a delivery.
    return {IsSender(client.index()) ? Delivery::Kind::kSelfCopy : Delivery::Kind::kDelivered, sent_ns};
  }
  std::string AckError(const json::array& args) const override {
    if (args.empty() || !args[0].is_object()) return "malformed-ack";
    const auto* error = args[0].as_object().if_contains("error");
    if (!error) return {};
    if (error->is_object()) {
      if (const auto* code = error->as_object().if_contains("code"); code && code->is_string()) {
        return std::string(code->as_string());
      }
    }
    return "error";
  }

 private:
  std::vector<Account> accounts_;
  std::vector<std::string> conversations_;
  std::string run_;
};

}  // namespace

std::unique_ptr<Workload> MakeEchoWorkload() { return std::make_unique<EchoWorkload>(); }

std::unique_ptr<Workload> MakeLensletWorkload(std::vector<Account> accounts, std::vector<std::string> conversations) {
  return std::make_unique<LensletWorkload>(std::move(accounts), std::move(conversations));
}

}  // namespace lenslet::bench
