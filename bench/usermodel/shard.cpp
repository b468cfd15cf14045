#include "shard.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <future>
#include <optional>

#include "url.hpp"

namespace lenslet::bench::usermodel {
namespace {

namespace net = boost::asio;
namespace json = boost::json;
namespace http = boost::beast::http;

constexpr std::size_t kPublicPostsKept = 2000;
// The text of a measured message: "bench <scheduled ns> <seq>".
constexpr std::string_view kTextPrefix = "bench ";

std::int64_t Nanos(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}
std::int64_t NowNs() { return Nanos(Clock::now()); }

const json::value* Field(const json::value& value, std::string_view key) {
  return value.is_object() ? value.as_object().if_contains(key) : nullptr;
}

std::string StringField(const json::value& value, std::string_view key) {
  const auto* field = Field(value, key);
  return field && field->is_string() ? std::string(field->as_string()) : std::string();
}

bool BoolField(const json::value& value, std::string_view key) {
  const auto* field = Field(value, key);
  return field && field->is_bool() && field->as_bool();
}

std::optional<json::value> ParseJson(const std::string& body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec) return std::nullopt;
  return value;
}

// The posts of a page {items: [post], nextCursor}.
std::vector<PostRef> PostsOf(const json::value& page) {
  std::vector<PostRef> posts;
  const auto* items = Field(page, "items");
  if (!items || !items->is_array()) return posts;
  for (const auto& item : items->as_array()) {
    PostRef post{StringField(item, "id"), {}, BoolField(item, "likedByMe")};
    if (const auto* author = Field(item, "author")) post.author = StringField(*author, "username");
    if (!post.id.empty()) posts.push_back(std::move(post));
  }
  return posts;
}

std::string ErrorCodeOf(const std::string& body) {
  if (const auto parsed = ParseJson(body)) {
    if (const auto* error = Field(*parsed, "error")) return StringField(*error, "code");
  }
  return {};
}

template <typename T>
const T& PickFrom(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[rng() % items.size()];
}

}  // namespace

Shard::Shard(const Options& options, const World& world, net::ip::tcp::endpoint server,
             std::vector<std::size_t> people, std::size_t index, Progress& progress, const Window& window)
    : options_(options),
      world_(world),
      server_(server),
      host_header_(options.host + ":" + std::to_string(options.port)),
      index_(index),
      progress_(progress),
      window_(window),
      work_(io_.get_executor()),
      http_(io_, server, host_header_, options.http_connections, options.request_timeout,
            options.gzip),
      public_posts_(world.public_posts),
      ramp_timer_(io_),
      schedule_timer_(io_),
      rng_(options.seed * 1000 + index) {
  people_.resize(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) {
    people_[i].index = people[i];
    people_[i].socket = std::make_unique<bench::SioClient>(io_, people[i], *this);
  }
}

Shard::~Shard() { Stop(); }

void Shard::Start(Clock::time_point ramp_start) {
  net::co_spawn(io_, Ramp(ramp_start), net::detached);
  thread_ = std::thread([this] { io_.run(); });
}

net::awaitable<void> Shard::Ramp(Clock::time_point start) {
  for (auto& person : people_) {
    ramp_timer_.expires_at(start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                       static_cast<double>(person.index) / options_.ramp_per_second)));
    co_await ramp_timer_.async_wait(net::as_tuple(net::use_awaitable));
    if (stopping_) co_return;
    net::co_spawn(io_, Connection(person), net::detached);
  }
}

net::awaitable<void> Shard::Connection(Person& person) {
  auto& socket = *person.socket;
  // Built before the co_await: GCC 12 cannot keep a braced list of string
  // literals alive across a suspension ("array used as initializer").
  json::object auth;
  auth["token"] = TokenOf(person);
  const auto why =
      co_await socket.Open(server_, std::nullopt, host_header_, std::move(auth), std::chrono::seconds(30));
  if (!why.empty()) {
    ++stats_.connect_failures[why];
    ++progress_.failed;
    co_return;
  }
  ++progress_.established;
  const auto ended = co_await socket.Run();
  if (!stopping_) {
    ++stats_.drops[ended];
    ++progress_.dropped;
  }
}

void Shard::BeginLoad(Clock::time_point start, Clock::time_point end) {
  net::post(io_, [this, start, end] { net::co_spawn(io_, Schedule(start, end), net::detached); });
}

// Every person's every action is a Poisson process; their sum over this
// thread's people is one Poisson process of the summed rate, each event
// drawn to an (action, person) in proportion to the rates. Each event is
// stamped with its scheduled time and fired when due however many requests
// are still out: a slow server shows as latency, never as fewer requests.
net::awaitable<void> Shard::Schedule(Clock::time_point start, Clock::time_point end) {
  std::vector<double> weights(kActionCount);
  double per_person_per_second = 0;
  for (std::size_t a = 0; a < kActionCount; ++a) {
    weights[a] = options_.enabled[a] ? kActions[a].per_minute * options_.speedup / 60.0 : 0.0;
    per_person_per_second += weights[a];
  }
  if (per_person_per_second <= 0 || people_.empty()) co_return;
  const double rate = per_person_per_second * static_cast<double>(people_.size());
  std::exponential_distribution<double> gap(rate);
  std::discrete_distribution<std::size_t> pick_action(weights.begin(), weights.end());
  auto at = start;
  const auto next = [&] {
    at += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(gap(rng_)));
  };
  next();
  while (!stopping_ && at < end) {
    schedule_timer_.expires_at(at);
    co_await schedule_timer_.async_wait(net::as_tuple(net::use_awaitable));
    for (const auto now = Clock::now(); !stopping_ && at <= now && at < end; next()) {
      Act(people_[rng_() % people_.size()], static_cast<Action>(pick_action(rng_)), Nanos(at));
    }
  }
}

bool Shard::Counted(std::int64_t scheduled_ns) const {
  return scheduled_ns >= window_.from.load(std::memory_order_relaxed);
}

const PostRef* Shard::PickPost(Person& person) {
  if (!person.feed.empty()) return &person.feed[rng_() % person.feed.size()];
  if (!public_posts_.empty()) return &PickFrom(rng_, public_posts_);
  return nullptr;
}

void Shard::Act(Person& person, Action action, std::int64_t scheduled_ns) {
  if (Counted(scheduled_ns)) ++stats_.actions[Index(action)];
  const auto spawn = [this](net::awaitable<void> work) {
    net::co_spawn(io_, std::move(work), net::detached);
  };
  switch (action) {
    case Action::kFeed:
      spawn(Feed(person, scheduled_ns));
      return;
    case Action::kPostView: {
      const auto* post = PickPost(person);
      if (!post) break;
      // The post page asks for both at once.
      spawn(Get(person, Kind::kPost, "/api/v1/posts/" + post->id, scheduled_ns));
      spawn(Get(person, Kind::kComments, "/api/v1/posts/" + post->id + "/comments", scheduled_ns));
      return;
    }
    case Action::kLikeToggle: {
      const auto* post = PickPost(person);
      if (!post) break;
      spawn(LikeToggle(person, *post, scheduled_ns));
      return;
    }
    case Action::kMessage:
      Message(person, scheduled_ns);
      return;
    case Action::kProfileView: {
      // Half the time someone from their feed, else anyone.
      std::string username = !person.feed.empty() && rng_() % 2 == 0
                                 ? PickFrom(rng_, person.feed).author
                                 : PickFrom(rng_, world_.accounts).username;
      spawn(Profile(person, std::move(username), scheduled_ns));
      return;
    }
    case Action::kExplore:
      spawn(Explore(person, scheduled_ns));
      return;
    case Action::kNotifications:
      spawn(Get(person, Kind::kNotifications, "/api/v1/notifications", scheduled_ns));
      return;
    case Action::kComment: {
      const auto* post = PickPost(person);
      if (!post) break;
      spawn(Comment(person, post->id, scheduled_ns));
      return;
    }
    case Action::kFollowToggle:
      spawn(FollowToggle(person, scheduled_ns));
      return;
    case Action::kUpload:
      spawn(Upload(person, scheduled_ns));
      return;
  }
  if (Counted(scheduled_ns)) ++stats_.skipped_no_target;
}

void Shard::KeepIfSlow(std::int64_t scheduled_ns, std::size_t kind, std::int64_t latency_ns) {
  if (options_.slow_log.empty() || static_cast<double>(latency_ns) < options_.slow_ms * 1e6) return;
  stats_.slow.push_back({scheduled_ns, kind, latency_ns});
}

bool Shard::Record(Kind kind, std::int64_t scheduled_ns, const HttpResult& result) {
  const bool ok = result.error.empty() && result.status >= 200 && result.status < 300;
  if (!Counted(scheduled_ns)) return ok;
  auto& kind_stats = stats_.kinds[Index(kind)];
  ++kind_stats.count;
  if (ok) {
    const auto latency = NowNs() - scheduled_ns;
    kind_stats.latency.Add(latency);
    KeepIfSlow(scheduled_ns, Index(kind), latency);
  } else if (!result.error.empty()) {
    ++kind_stats.errors[result.error];
  } else {
    const auto code = ErrorCodeOf(result.body);
    ++kind_stats.errors["http " + std::to_string(result.status) + (code.empty() ? "" : " " + code)];
  }
  return ok;
}

net::awaitable<void> Shard::Get(Person& person, Kind kind, std::string target, std::int64_t scheduled_ns) {
  const auto result = co_await http_.Request(http::verb::get, std::move(target), TokenOf(person));
  Record(kind, scheduled_ns, result);
}

net::awaitable<void> Shard::Feed(Person& person, std::int64_t scheduled_ns) {
  auto result = co_await http_.Request(http::verb::get, "/api/v1/feed", TokenOf(person));
  if (!Record(Kind::kFeed, scheduled_ns, result)) co_return;
  const auto page = ParseJson(result.body);
  if (!page) co_return;
  person.feed = PostsOf(*page);
  const auto cursor = StringField(*page, "nextCursor");
  // One time in four they scroll on, as soon as the first page is there.
  if (cursor.empty() || rng_() % 4 != 0 || stopping_) co_return;
  const auto second_ns = NowNs();
  result = co_await http_.Request(http::verb::get, "/api/v1/feed?cursor=" + PercentEncode(cursor),
                                  TokenOf(person));
  if (!Record(Kind::kFeedPage2, second_ns, result)) co_return;
  if (const auto second = ParseJson(result.body)) {
    auto more = PostsOf(*second);
    person.feed.insert(person.feed.end(), std::make_move_iterator(more.begin()),
                       std::make_move_iterator(more.end()));
  }
}

net::awaitable<void> Shard::LikeToggle(Person& person, PostRef post, std::int64_t scheduled_ns) {
  const auto kind = post.liked ? Kind::kUnlike : Kind::kLike;
  const auto result = co_await http_.Request(post.liked ? http::verb::delete_ : http::verb::post,
                                             "/api/v1/posts/" + post.id + "/like", TokenOf(person));
  if (!Record(kind, scheduled_ns, result)) co_return;
  const auto answer = ParseJson(result.body);
  const bool liked = answer && BoolField(*answer, "liked");
  for (auto& seen : person.feed) {
    if (seen.id == post.id) seen.liked = liked;
  }
}

net::awaitable<void> Shard::Profile(Person& person, std::string username, std::int64_t scheduled_ns) {
  const auto result = co_await http_.Request(http::verb::get, "/api/v1/users/" + username, TokenOf(person));
  if (!Record(Kind::kProfile, scheduled_ns, result) || stopping_) co_return;
  const auto answer = ParseJson(result.body);
  if (!answer) co_return;
  const auto* user = Field(*answer, "user");
  // A private account's grid is only for its approved followers: the app
  // shows "this account is private" and asks for nothing more.
  if (!user || (BoolField(*user, "isPrivate") && !BoolField(*user, "followedByMe") &&
                username != world_.accounts[person.index].username)) {
    co_return;
  }
  const auto posts_ns = NowNs();
  const auto posts =
      co_await http_.Request(http::verb::get, "/api/v1/users/" + username + "/posts", TokenOf(person));
  Record(Kind::kProfilePosts, posts_ns, posts);
}

net::awaitable<void> Shard::Explore(Person& person, std::int64_t scheduled_ns) {
  const auto result = co_await http_.Request(http::verb::get, "/api/v1/explore", TokenOf(person));
  if (!Record(Kind::kExplore, scheduled_ns, result)) co_return;
  const auto page = ParseJson(result.body);
  if (!page) co_return;
  for (auto& post : PostsOf(*page)) {
    post.liked = false;  // the pool is shared by this thread's people
    if (public_posts_.size() < kPublicPostsKept) {
      public_posts_.push_back(std::move(post));
    } else {
      public_posts_[public_next_++ % kPublicPostsKept] = std::move(post);
    }
  }
}

net::awaitable<void> Shard::Comment(Person& person, std::string post_id, std::int64_t scheduled_ns) {
  static constexpr std::array kTexts = {"Love this!", "Great light", "Where is this?", "So good", "Wow 😍"};
  const json::object body{{"text", kTexts[rng_() % kTexts.size()]}};
  const auto result = co_await http_.Request(http::verb::post, "/api/v1/posts/" + post_id + "/comments",
                                             TokenOf(person), "application/json", json::serialize(body));
  Record(Kind::kComment, scheduled_ns, result);
}

net::awaitable<void> Shard::FollowToggle(Person& person, std::int64_t scheduled_ns) {
  const auto& me = world_.accounts[person.index].username;
  if (!person.followed.empty() && rng_() % 2 == 0) {
    const auto at = rng_() % person.followed.size();
    const std::string username = person.followed[at];
    person.followed.erase(person.followed.begin() + static_cast<std::ptrdiff_t>(at));
    // What they no longer follow may no longer be visible to them.
    std::erase_if(person.feed, [&](const PostRef& post) { return post.author == username; });
    const auto result =
        co_await http_.Request(http::verb::delete_, "/api/v1/users/" + username + "/follow", TokenOf(person));
    Record(Kind::kUnfollow, scheduled_ns, result);
    co_return;
  }
  std::string username = PickFrom(rng_, world_.accounts).username;
  if (username == me ||
      std::find(person.followed.begin(), person.followed.end(), username) != person.followed.end()) {
    username =
        world_.accounts[(person.index + 1 + rng_() % (world_.accounts.size() - 1)) % world_.accounts.size()]
            .username;
  }
  const auto result =
      co_await http_.Request(http::verb::post, "/api/v1/users/" + username + "/follow", TokenOf(person));
  if (Record(Kind::kFollow, scheduled_ns, result)) person.followed.push_back(std::move(username));
}

net::awaitable<void> Shard::Upload(Person& person, std::int64_t scheduled_ns) {
  const auto& body = world_.upload_bodies[rng_() % world_.upload_bodies.size()];
  const auto result = co_await http_.Request(http::verb::post, "/api/v1/posts", TokenOf(person),
                                             "multipart/form-data; boundary=" + world_.upload_boundary, body);
  Record(Kind::kUpload, scheduled_ns, result);
}

void Shard::Message(Person& person, std::int64_t scheduled_ns) {
  const auto& partners = world_.partners[person.index];
  const bool counted = Counted(scheduled_ns);
  if (partners.empty()) {
    if (counted) ++stats_.skipped_no_target;
    return;
  }
  const auto& partner = PickFrom(rng_, partners);
  if (counted) {
    ++stats_.kinds[Index(Kind::kMessage)].count;
    ++stats_.messages_sent;
  }
  auto& socket = *person.socket;
  if (!socket.open()) {
    if (counted) {
      ++stats_.kinds[Index(Kind::kMessage)].errors["socket not connected"];
      ++stats_.messages_refused;
    }
    return;
  }
  const auto seq = person.messages++;
  std::string text(kTextPrefix);
  text += std::to_string(scheduled_ns);
  text += ' ';
  text += std::to_string(seq);
  const auto ack_id = next_ack_id_++;
  socket.Emit("message:send",
              json::object{{"conversationId", partner.conversation_id},
                           {"text", std::move(text)},
                           {"clientId",
                            world_.run_tag + "-" + std::to_string(person.index) + "-" + std::to_string(seq)}},
              ack_id);
  pending_acks_.emplace(ack_id, PendingAck{scheduled_ns});
}

void Shard::OnAck(bench::SioClient&, std::uint64_t ack_id, const json::array& args) {
  const auto found = pending_acks_.find(ack_id);
  if (found == pending_acks_.end()) return;
  const auto scheduled_ns = found->second.scheduled_ns;
  pending_acks_.erase(found);
  if (!Counted(scheduled_ns)) return;
  auto& kind_stats = stats_.kinds[Index(Kind::kMessage)];
  const json::value* error = args.empty() ? nullptr : Field(args[0], "error");
  if (args.empty() || !args[0].is_object()) {
    ++kind_stats.errors["malformed ack"];
    ++stats_.messages_refused;
  } else if (error) {
    const auto code = StringField(*error, "code");
    ++kind_stats.errors["ack " + (code.empty() ? std::string("error") : code)];
    ++stats_.messages_refused;
  } else {
    kind_stats.latency.Add(NowNs() - scheduled_ns);
  }
}

void Shard::OnEvent(bench::SioClient&, std::string_view name, const json::array& args) {
  if (name != "message:new" || args.size() < 2) {
    ++stats_.events[std::string(name)];
    return;
  }
  const auto now = NowNs();
  const auto* message = Field(args[1], "message");
  const auto text = message ? StringField(*message, "text") : std::string();
  std::int64_t sent_ns = 0;
  if (!text.starts_with(kTextPrefix) ||
      std::from_chars(text.data() + kTextPrefix.size(), text.data() + text.size(), sent_ns).ec !=
          std::errc{}) {
    ++stats_.events["message:new (not measured)"];
    return;
  }
  if (!Counted(sent_ns)) return;
  ++stats_.messages_delivered;
  stats_.delivery.Add(now - sent_ns);
  KeepIfSlow(sent_ns, kKindCount, now - sent_ns);
}

void Shard::Stop() {
  if (!thread_.joinable()) return;
  std::promise<void> closed;
  net::post(io_, [this, &closed] {
    stopping_ = true;
    ramp_timer_.cancel();
    schedule_timer_.cancel();
    http_connections_opened_ = http_.opened();
    // Whatever is still unanswered now is an error (its drain time is over).
    for (const auto& [ack_id, pending] : pending_acks_) {
      if (Counted(pending.scheduled_ns)) ++stats_.kinds[Index(Kind::kMessage)].errors["no ack"];
    }
    stats_.acks_missing = pending_acks_.size();
    pending_acks_.clear();
    http_.Close();
    for (auto& person : people_) person.socket->Close();
    closed.set_value();
  });
  closed.get_future().wait();
  work_.reset();
  thread_.join();
}

}  // namespace lenslet::bench::usermodel
