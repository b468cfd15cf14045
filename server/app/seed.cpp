#include "app/seed.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "app/data_dir.hpp"
#include "app/seed_writer.hpp"
#include "auth/auth_service.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/refresh_token.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "app/blob_store_config.hpp"
#include "media/blob_store.hpp"
#include "media/image_processor.hpp"
#include "store/home_feed_store.hpp"
#include "store/post_store.hpp"

namespace lenslet::app {
namespace {

// A tool's question, not a store's: is there anyone here yet?
constexpr std::string_view kAnyUser = "SELECT id FROM users LIMIT 1";

// Rows per write unit (users, followers, posts): large units make 10,000 users
// take seconds, not minutes, while keeping SQLite's writer lock short enough
// for a live server. The rows of a unit go in multi-row statements
// (seed_writer.hpp).
constexpr std::size_t kBatch = 2000;
constexpr core::Millis kDay = 24LL * 60 * 60'000;

constexpr std::array kFirstNames = {"Ada",   "Ben",   "Chloe", "Dev",    "Elena", "Farid", "Grace", "Hiro",
                                    "Ines",  "Jonas", "Kemi",  "Liam",   "Maya",  "Noah",  "Olga",  "Priya",
                                    "Quinn", "Rosa",  "Sami",  "Tariq",  "Uma",   "Vera",  "Wen",   "Xavi",
                                    "Yara",  "Zoe",   "Aiko",  "Bruno",  "Carla", "Dmitri", "Esme", "Felix"};
constexpr std::array kLastNames = {"Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva",  "Novak",  "Haddad",
                                   "Kowalski", "Nguyen",  "Rossi",  "Fischer", "Patel", "Garcia", "Ivanova",
                                   "Mensah", "OBrien",    "Larsen", "Costa",  "Weber",  "Kim"};
constexpr std::array kBios = {"Chasing light since 2009.",
                              "Street, people, coffee. Mostly coffee.",
                              "Amateur astronomer, professional napper.",
                              "Film look, digital heart.",
                              "Hiking the long way round.",
                              "Cats, plants and the occasional sunset.",
                              "Architecture nerd. Lines and shadows.",
                              "",
                              "Weekend baker. Weekday photographer.",
                              "Somewhere between the mountains and the sea."};
constexpr std::array kTags = {"sunset", "travel",   "food",  "cats",      "streetphotography", "nature",
                              "coffee", "portrait", "architecture", "blackandwhite", "mountains", "sea",
                              "city",   "flowers",  "dogs",  "nightsky",  "film",   "autumn"};
constexpr std::array kCaptions = {"Golden hour never gets old",
                                  "Found this on my walk today",
                                  "Can't stop looking at these colours",
                                  "A quiet morning",
                                  "Throwback to last weekend",
                                  "First try with the new lens",
                                  "The light was doing something special",
                                  "Not edited at all, promise",
                                  "Small things",
                                  "Back where it all started"};
constexpr std::array kComments = {"Love this!", "Stunning colours", "Where was this taken?", "So good 😍",
                                  "This made my day", "The composition here!", "Wow", "Need to go there",
                                  "Beautiful light", "Great shot"};

struct Rgb {
  double r, g, b;
};

// One demo image: a two-colour gradient at an angle with a few translucent
// discs and bars, at one of several sizes and aspect ratios, encoded as JPEG
// so it enters the pipeline exactly as an upload would.
std::string GenerateImage(std::mt19937_64& rng) {
  constexpr std::array<std::pair<int, int>, 6> kSizes = {
      {{1200, 900}, {1080, 1350}, {1080, 1080}, {1600, 900}, {900, 1200}, {1400, 1050}}};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto [width, height] = kSizes[rng() % kSizes.size()];
  const Rgb from{unit(rng) * 255, unit(rng) * 255, unit(rng) * 255};
  const Rgb to{unit(rng) * 255, unit(rng) * 255, unit(rng) * 255};
  const double angle = unit(rng) * 2 * M_PI;
  const double dx = std::cos(angle);
  const double dy = std::sin(angle);
  struct Disc {
    double x, y, radius;
    Rgb colour;
    double alpha;
  };
  std::vector<Disc> discs(2 + rng() % 5);
  for (auto& d : discs) {
    d = {unit(rng) * width, unit(rng) * height, (0.05 + unit(rng) * 0.25) * std::min(width, height),
         {unit(rng) * 255, unit(rng) * 255, unit(rng) * 255}, 0.3 + unit(rng) * 0.5};
  }
  const int bar_y = static_cast<int>(unit(rng) * height);
  const int bar_height = static_cast<int>(unit(rng) * height / 6);

  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  const double span = std::abs(dx) * width + std::abs(dy) * height;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      double t = ((dx >= 0 ? x : x - width) * dx + (dy >= 0 ? y : y - height) * dy) / span;
      t = std::clamp(t, 0.0, 1.0);
      Rgb c{from.r + (to.r - from.r) * t, from.g + (to.g - from.g) * t, from.b + (to.b - from.b) * t};
      for (const auto& d : discs) {
        const double ex = x - d.x;
        const double ey = y - d.y;
        if (ex * ex + ey * ey < d.radius * d.radius) {
          c = {c.r + (d.colour.r - c.r) * d.alpha, c.g + (d.colour.g - c.g) * d.alpha,
               c.b + (d.colour.b - c.b) * d.alpha};
        }
      }
      if (y >= bar_y && y < bar_y + bar_height) c = {c.r * 0.6, c.g * 0.6, c.b * 0.6};
      auto* p = &pixels[(static_cast<std::size_t>(y) * width + x) * 3];
      p[0] = static_cast<unsigned char>(c.r);
      p[1] = static_cast<unsigned char>(c.g);
      p[2] = static_cast<unsigned char>(c.b);
    }
  }
  VipsImage* image = vips_image_new_from_memory(pixels.data(), pixels.size(), width, height, 3, VIPS_FORMAT_UCHAR);
  if (!image) throw std::runtime_error("vips_image_new_from_memory failed");
  image->Type = VIPS_INTERPRETATION_sRGB;
  void* buffer = nullptr;
  std::size_t length = 0;
  const int failed = vips_jpegsave_buffer(image, &buffer, &length, "Q", 90, nullptr);
  g_object_unref(image);
  if (failed) throw std::runtime_error(std::string("vips_jpegsave_buffer: ") + vips_error_buffer());
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

// One pool image through the upload pipeline: processed, every rendition in
// the blob store (content-addressed, so re-seeding stores nothing twice).
store::PostMediaRow StoreImage(media::BlobStore& blobs, const std::string& jpeg) {
  const auto processed = media::ProcessImage(jpeg, media::ImageType::kJpeg);
  store::PostMediaRow row{.width = processed.width,
                          .height = processed.height,
                          .placeholder = processed.placeholder,
                          .average_colour = processed.average_colour};
  for (const auto& v : processed.variants) {
    row.variants.push_back({blobs.Put(v.bytes, v.extension), v.width, v.height, std::string(v.mime_type)});
  }
  return row;
}

template <typename T, std::size_t N>
const T& Pick(std::mt19937_64& rng, const std::array<T, N>& items) {
  return items[rng() % N];
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return text;
}

struct SeededUser {
  core::UserId id;
  std::string username;
  bool is_private = false;
};

// Calls `unit(start, end)` for consecutive ranges of [0, count) of at most kBatch.
template <typename F>
void InUnits(std::size_t count, F unit) {
  for (std::size_t start = 0; start < count; start += kBatch) unit(start, std::min(count, start + kBatch));
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Writes `text` to `path`, created or truncated with mode 0600 before the
// first byte lands: the file holds credentials.
void WritePrivateFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, 0600) == 0;  // an existing file keeps its old mode through O_TRUNC
  for (std::size_t done = 0; ok && done < text.size();) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  const int saved = errno;
  if (::close(fd) != 0) ok = false;
  if (!ok) throw std::runtime_error("cannot write " + path + ": " + std::strerror(saved));
}

// --tokens-out: one real session per seeded user, as a login makes it (a
// session, its refresh token's hash, an access token of
// AuthOptions' lifetime; minus the password check), signed with the secret
// `lenslet serve` will use for this data dir, so the Socket.IO load generator
// can authenticate 10,000 clients without 10,000 Argon2 verifications.
void WriteTokens(const Config& config, db::Database& db, const std::vector<SeededUser>& users) {
  const auth::AuthOptions lifetimes;
  const core::Secret secret =
      config.jwt_secret.empty() ? LoadOrCreateJwtSecret(config.data_dir) : config.jwt_secret;
  const std::string user_agent = "lenslet seed --tokens-out";
  const std::string address = "127.0.0.1";
  std::vector<std::string> tokens(users.size());
  InUnits(users.size(), [&](std::size_t start, std::size_t end) {
    std::vector<SeedLogin> logins;
    for (auto i = start; i < end; ++i) {
      logins.push_back({users[i].id, auth::HashRefreshToken(auth::GenerateRefreshToken())});
    }
    const auto now = core::NowMillis();
    const auto sessions = db.WriteNow([&](db::Connection& c) {
      return SeedWriter(c).InsertSessions(logins, now, now + lifetimes.session_lifetime_ms, user_agent, address);
    });
    for (auto i = start; i < end; ++i) {
      const auth::AccessClaims claims{users[i].id, sessions[i - start], now / 1000,
                                      (now + lifetimes.access_token_lifetime_ms) / 1000};
      tokens[i] = auth::SignJwt(claims, secret);
    }
  });
  std::string text;
  for (std::size_t i = 0; i < users.size(); ++i) text += users[i].username + " " + tokens[i] + "\n";
  WritePrivateFile(config.seed.tokens_out, text);
}

}  // namespace

int Seed(const Config& config) {
  const auto& options = config.seed;
  const auto started = std::chrono::steady_clock::now();
  try {
    EnsurePrivateDataDir(config.data_dir);
    db::DatabaseOptions db_options;
    db_options.url = EffectiveDatabaseUrl(config);
    db_options.worker_threads = 1;
    db_options.max_connections = 1;
    auto database = db::Open(db_options);
    auto& db = *database;
    db.Migrate();
    if (!options.force && db.ReadNow([](db::Connection& c) { return !c.Exec(kAnyUser).empty(); })) {
      std::cerr << "lenslet: refusing to seed: the database already has users (pass --force to add more)\n";
      return 1;
    }
    media::InitializeImageProcessing();
    const auto blob_store = OpenBlobStore(config);
    auto& blobs = *blob_store;
    std::mt19937_64 rng(options.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto now = core::NowMillis();
    const auto n = static_cast<std::size_t>(options.users);

    // Users. One Argon2id hash serves every account: hashing 10,000 times
    // would take minutes and protect nothing, the password is public.
    const std::string hash = auth::PasswordHasher().Hash(kDemoPassword);
    const std::string run_tag = options.force ? std::to_string(rng() % 100000) : "";
    std::vector<SeededUser> users(n);
    std::set<std::string> taken;
    InUnits(n, [&](std::size_t start, std::size_t end) {
      std::vector<SeedAccount> accounts;
      std::vector<std::string> wanted;
      for (auto i = start; i < end; ++i) {
        const std::string first = Pick(rng, kFirstNames);
        const std::string last = Pick(rng, kLastNames);
        const bool is_private = unit(rng) < 0.08;
        accounts.push_back({"", first + " " + last, std::string(Pick(rng, kBios)), is_private});
        wanted.push_back(Lower(first) + "." + Lower(last) + run_tag);
      }
      // A name taken by this seed or by an account of an earlier one gets the user's number.
      const auto existing = db.ReadNow([&](db::Connection& c) { return SeedWriter(c).TakenUsernames(wanted); });
      for (auto i = start; i < end; ++i) {
        auto username = wanted[i - start];
        if (!taken.insert(username).second || existing.contains(username)) {
          username += std::to_string(i);
          taken.insert(username);
        }
        accounts[i - start].username = username.substr(0, 30);
      }
      const auto ids = db.WriteNow(
          [&](db::Connection& c) { return SeedWriter(c).InsertAccounts(accounts, hash, now - 30 * kDay); });
      for (auto i = start; i < end; ++i) {
        const auto& account = accounts[i - start];
        users[i] = {ids[i - start], account.username, account.is_private};
      }
    });
    std::cout << "seed: " << n << " users (" << Seconds(started) << " s)\n" << std::flush;

    // Follows: followees drawn from a Zipf-like popularity (weight 1/rank over
    // a shuffled ranking), so a few accounts have thousands of followers and
    // most have a handful; each user follows 5 + Exp(mean 25) accounts.
    std::vector<std::size_t> rank(n);
    std::iota(rank.begin(), rank.end(), 0);
    std::shuffle(rank.begin(), rank.end(), rng);
    std::vector<double> weights(n);
    for (std::size_t i = 0; i < n; ++i) weights[rank[i]] = 1.0 / std::pow(static_cast<double>(i + 1), 1.05);
    std::discrete_distribution<std::size_t> popular(weights.begin(), weights.end());
    std::exponential_distribution<double> follow_count(1.0 / 25);
    std::vector<std::vector<std::size_t>> followees(n);
    std::size_t follow_total = 0;
    InUnits(n, [&](std::size_t start, std::size_t end) {
      std::vector<SeedFollow> follows;
      for (auto i = start; i < end; ++i) {
        const auto want = std::min(n - 1, static_cast<std::size_t>(5 + follow_count(rng)));
        std::set<std::size_t> chosen;
        for (std::size_t tries = 0; chosen.size() < want && tries < want * 4; ++tries) {
          const auto j = popular(rng);
          if (j != i) chosen.insert(j);
        }
        for (const auto j : chosen) {
          const auto at = now - 20 * kDay + static_cast<core::Millis>(unit(rng) * 10 * kDay);
          // Most requests to private accounts were accepted; some still wait.
          const bool accepted = !users[j].is_private || unit(rng) < 0.85;
          follows.push_back({users[i].id, users[j].id, accepted, at});
          followees[i].push_back(j);
        }
      }
      db.WriteNow([&](db::Connection& c) { SeedWriter(c).InsertFollows(follows); });
      follow_total += follows.size();
    });
    std::cout << "seed: " << follow_total << " follows (" << Seconds(started) << " s)\n" << std::flush;

    // Images: a pool of generated pictures through the real pipeline.
    const auto total_posts = n * static_cast<std::size_t>(options.posts_per_user);
    const auto pool_size = std::max<std::size_t>(1, std::min<std::size_t>(options.image_pool, total_posts));
    std::vector<store::PostMediaRow> pool;
    if (total_posts > 0) {
      for (std::size_t i = 0; i < pool_size; ++i) pool.push_back(StoreImage(blobs, GenerateImage(rng)));
      std::cout << "seed: " << pool.size() << " images (" << Seconds(started) << " s)\n" << std::flush;
    }

    // Posts over the last six days, inserted oldest first so ids follow time
    // (the feeds page by id), each at its own millisecond (the writer tells a
    // unit's posts apart by time). Popular authors get more likes.
    struct Planned {
      core::Millis at;
      std::size_t author;
    };
    std::vector<Planned> plan;
    plan.reserve(total_posts);
    for (std::size_t i = 0; i < n; ++i) {
      for (int k = 0; k < options.posts_per_user; ++k) {
        plan.push_back({now - 6 * kDay + static_cast<core::Millis>(unit(rng) * (6 * kDay - 60'000)), i});
      }
    }
    std::sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.at < b.at; });
    for (std::size_t p = 1; p < plan.size(); ++p) plan[p].at = std::max(plan[p].at, plan[p - 1].at + 1);
    std::size_t like_total = 0;
    std::size_t comment_total = 0;
    std::exponential_distribution<double> engagement(1.0);
    InUnits(plan.size(), [&](std::size_t start, std::size_t end) {
      std::vector<SeedPost> posts;
      for (auto p = start; p < end; ++p) {
        const auto& planned = plan[p];
        std::string caption = Pick(rng, kCaptions);
        std::vector<std::string> tags;
        for (std::size_t t = 0, count = 1 + rng() % 3; t < count; ++t) tags.emplace_back(Pick(rng, kTags));
        std::sort(tags.begin(), tags.end());
        tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
        for (const auto& tag : tags) caption += " #" + tag;
        const auto& mentionable = followees[planned.author];
        if (!mentionable.empty() && unit(rng) < 0.3) {
          caption += " with @" + users[mentionable[rng() % mentionable.size()]].username;
        }
        SeedPost post{.author = users[planned.author].id,
                      .caption = caption,
                      .hashtags = tags,
                      .at = planned.at,
                      .liked_at = planned.at + 60'000,
                      .commented_at = planned.at + 120'000};
        const std::size_t images = unit(rng) < 0.75 ? 1 : 2 + rng() % 2;
        for (std::size_t m = 0; m < images; ++m) post.media.push_back(&pool[rng() % pool.size()]);

        const double pull = weights[planned.author] * static_cast<double>(n) / 20.0;
        const auto likes = std::min(n - 1, static_cast<std::size_t>(engagement(rng) * (2 + std::min(pull, 200.0))));
        std::unordered_set<std::size_t> liked;
        for (std::size_t l = 0; l < likes; ++l) {
          const auto who = rng() % n;
          if (who != planned.author && liked.insert(who).second) post.likers.push_back(users[who].id);
        }
        const auto comments = static_cast<std::size_t>(engagement(rng) * 1.2);
        for (std::size_t k = 0; k < comments; ++k) {
          const auto who = rng() % n;
          post.comments.push_back({users[who].id, Pick(rng, kComments)});
        }
        like_total += post.likers.size();
        comment_total += post.comments.size();
        posts.push_back(std::move(post));
      }
      db.WriteNow([&](db::Connection& c) { SeedWriter(c).InsertPosts(posts); });
    });
    std::cout << "seed: " << plan.size() << " posts, " << like_total << " likes, " << comment_total << " comments ("
              << Seconds(started) << " s)\n";
    // The bulk inserts above bypass PostStore and FollowStore, which write
    // the home feeds as they go: every feed at once instead.
    // A few hundred owners per unit, each well within a unit's time bound.
    const auto last_user = db.ReadNow([](db::Connection& c) {
      return c.Exec("SELECT coalesce(max(id), 0) FROM users").one().Int(0);
    });
    constexpr std::int64_t kOwnersPerUnit = 500;
    for (std::int64_t first = 1; first <= last_user; first += kOwnersPerUnit) {
      db.WriteNow([&](db::Connection& c) {
        store::HomeFeedStore().Fill(c, core::UserId(first), core::UserId(first + kOwnersPerUnit - 1));
      });
    }
    std::cout << "seed: home feeds filled (" << Seconds(started) << " s)\n";
    if (db.dialect() == db::Dialect::kPostgres) {
      // Statistics now, not when autovacuum gets round to it (a minute or
      // more): until then PostgreSQL plans every page as for empty tables —
      // explore's check of 42 ids took 39 ms instead of 0.24, answering the
      // hidden-accounts view by scanning users once per post.
      db.WriteNow([](db::Connection& c) { c.Exec("ANALYZE"); });
      std::cout << "seed: statistics gathered (" << Seconds(started) << " s)\n";
    }
    if (!options.tokens_out.empty()) {
      WriteTokens(config, db, users);
      std::cout << "seed: " << users.size() << " access tokens (valid 15 minutes) in " << options.tokens_out << " ("
                << Seconds(started) << " s)\n";
    }
    if (!users.empty()) {
      std::cout << "seed: done. Sign in as any seeded user, e.g. '" << users[rank[0]].username
                << "' (the most followed), with the password '" << kDemoPassword << "'\n";
    }
    return 0;
  } catch (const core::Error& e) {
    std::cerr << "lenslet: seeding failed: " << e.message() << (e.internal().empty() ? "" : " (" + e.internal() + ")")
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "lenslet: seeding failed: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace lenslet::app
