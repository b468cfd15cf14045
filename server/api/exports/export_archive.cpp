#include "api/exports/export_archive.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/exports/detail/zip_writer.hpp"
#include "api/users/conversation_privacy.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/conversation_store.hpp"
#include "store/export_data_store.hpp"
#include "store/message_store.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::exports {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int kPage = 200;

constexpr std::string_view kReadme =
    "Your data from Lenslet\n"
    "\n"
    "profile.json        your account\n"
    "posts.json          your posts: caption, hashtags, alt texts, dates, and their photos in media/posts/\n"
    "comments.json       the comments you wrote\n"
    "likes.json          the posts you liked\n"
    "saves.json          the posts you saved\n"
    "followers.json      who follows you (status \"requested\": waiting for your answer)\n"
    "following.json      whom you follow (status \"requested\": waiting for theirs)\n"
    "conversations.json  your conversations and the messages you can see in them\n"
    "media/              your photos (the largest copy Lenslet keeps), message images and avatar\n"
    "\n"
    "Times are UTC (ISO 8601). Ids are those of the instance's API.\n";

json::value Time(core::Millis ms) { return json::value(core::ToIso8601(ms)); }
json::value OptTime(const std::optional<core::Millis>& ms) { return ms ? Time(*ms) : json::value(nullptr); }

std::string ExtensionOf(const std::string& key) { return key.substr(key.rfind('.') + 1); }

// The largest rendition, as JPEG when there is one: what a post's `url` names
// in the API (views::MediaItem), and what any program opens.
const store::MediaVariantRow* Largest(const store::PostMediaRow& media) {
  for (const auto& v : media.variants) {
    if (v.mime_type == "image/jpeg") return &v;
  }
  return media.variants.empty() ? nullptr : &media.variants.front();
}

// Throws the refusal the job retries later: the disk is full, or another
// write error.
[[noreturn]] void ThrowWriteFailure(const fs::path& path) {
  if (errno == ENOSPC || errno == EDQUOT) {
    throw core::Error(core::ErrorCode::kInsufficientStorage, "The disk is full", {}, "writing " + path.string());
  }
  throw std::runtime_error("cannot write " + path.string());
}

// A JSON array written to a file one item at a time.
class JsonArrayFile {
 public:
  explicit JsonArrayFile(fs::path path) : path_(std::move(path)), out_(path_, std::ios::binary | std::ios::trunc) {
    if (!out_) ThrowWriteFailure(path_);
    out_ << "[";
  }
  void Append(const json::value& item) { AppendRaw(json::serialize(item)); }
  // An item already serialised, or the start of one (see conversations).
  void AppendRaw(std::string_view text) {
    out_ << (first_ ? "\n" : ",\n") << text;
    first_ = false;
    Check();
  }
  void Write(std::string_view text) {
    out_ << text;
    Check();
  }
  void Finish() {
    out_ << (first_ ? "]\n" : "\n]\n");
    out_.flush();
    Check();
    out_.close();
  }

 private:
  void Check() {
    if (!out_) ThrowWriteFailure(path_);
  }
  fs::path path_;
  std::ofstream out_;
  bool first_ = true;
};

void WriteText(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) ThrowWriteFailure(path);
}

// A photo to add: its name in the archive and its blob.
struct Photo {
  std::string name;
  std::string key;
};

class Builder {
 public:
  Builder(db::Database& db, const media::BlobStore& blobs, const ArchiveJob& job, fs::path staging)
      : db_(db), blobs_(blobs), job_(job), staging_(std::move(staging)) {}

  void WriteDocuments() {
    WriteText(staging_ / "README.txt", kReadme);
    WriteProfile();
    WritePosts();
    WriteComments();
    WriteMarks("likes.json", "likedAt", &store::ExportDataStore::Likes);
    WriteMarks("saves.json", "savedAt", &store::ExportDataStore::Saves);
    WriteFollows("followers.json", &store::ExportDataStore::Followers);
    WriteFollows("following.json", &store::ExportDataStore::Following);
    WriteConversations();
  }

  static constexpr std::string_view kDocuments[] = {"README.txt",     "profile.json",   "posts.json",
                                                     "comments.json",  "likes.json",     "saves.json",
                                                     "followers.json", "following.json", "conversations.json"};

  const std::vector<Photo>& photos() const { return photos_; }

 private:
  // A photo's file in the archive, if its blob is there (a post deleted
  // meanwhile takes its files with it: that photo is simply not exported).
  json::value PhotoFile(const std::string& name, const std::string& key) {
    if (!blobs_.Exists(key)) return nullptr;
    photos_.push_back({name, key});
    return json::value(name);
  }

  void WriteProfile() {
    const auto profile = db_.ReadNow([&](db::Connection& c) { return data_.Profile(c, job_.user); });
    if (!profile) throw std::runtime_error("the account of the export is gone");
    json::object out{{"id", profile->id.ToString()},
                     {"username", profile->username},
                     {"email", profile->email},
                     {"displayName", profile->display_name},
                     {"bio", profile->bio},
                     {"website", profile->website},
                     {"isPrivate", profile->is_private},
                     {"postCount", profile->post_count},
                     {"followerCount", profile->follower_count},
                     {"followingCount", profile->following_count},
                     {"createdAt", Time(profile->created_at)},
                     {"exportedAt", Time(core::NowMillis())}};
    out["avatar"] = profile->avatar_key ? PhotoFile("media/avatar." + ExtensionOf(*profile->avatar_key),
                                                    *profile->avatar_key)
                                        : json::value(nullptr);
    WriteText(staging_ / "profile.json", json::serialize(out) + "\n");
  }

  void WritePosts() {
    JsonArrayFile file(staging_ / "posts.json");
    core::PostId after(0);
    for (;;) {
      job_.check();
      struct Page {
        std::vector<store::PostRow> posts;
        std::vector<store::ExportHashtagRow> tags;
      };
      auto page = db_.ReadNow([&](db::Connection& c) {
        Page p;
        const auto ids = data_.PostIds(c, job_.user, after, kPage);
        if (ids.empty()) return p;
        p.posts = posts_.LoadPage(c, ids, job_.user);
        p.tags = data_.Hashtags(c, job_.user, ids.front(), ids.back());
        after = ids.back();
        return p;
      });
      if (page.posts.empty()) break;
      std::unordered_map<core::PostId, json::array> tags;
      for (auto& t : page.tags) tags[t.post].emplace_back(t.name);
      for (const auto& post : page.posts) {
        json::array media;
        for (const auto& m : post.media) {
          json::object item{{"alt", m.alt}, {"width", m.width}, {"height", m.height}};
          item["file"] = nullptr;
          if (const auto* photo = Largest(m)) {
            const auto& largest = *photo;
            item["file"] = PhotoFile("media/posts/" + post.id.ToString() + "-" + std::to_string(m.position + 1) +
                                         "." + ExtensionOf(largest.key),
                                     largest.key);
            item["mimeType"] = largest.mime_type;
          }
          media.push_back(std::move(item));
        }
        file.Append(json::object{{"id", post.id.ToString()},
                                 {"caption", post.caption},
                                 {"hashtags", std::move(tags[post.id])},
                                 {"media", std::move(media)},
                                 {"likeCount", post.like_count},
                                 {"commentCount", post.comment_count},
                                 {"createdAt", Time(post.created_at)},
                                 {"editedAt", OptTime(post.edited_at)}});
      }
    }
    file.Finish();
  }

  void WriteComments() {
    JsonArrayFile file(staging_ / "comments.json");
    core::CommentId after(0);
    for (;;) {
      job_.check();
      const auto rows = db_.ReadNow([&](db::Connection& c) { return data_.Comments(c, job_.user, after, kPage); });
      if (rows.empty()) break;
      for (const auto& r : rows) {
        file.Append(json::object{{"id", r.id.ToString()},
                                 {"postId", r.post.ToString()},
                                 {"text", r.text},
                                 {"createdAt", Time(r.created_at)}});
      }
      after = rows.back().id;
    }
    file.Finish();
  }

  using MarkPage = std::vector<store::ExportMarkRow> (store::ExportDataStore::*)(db::Connection&, core::UserId,
                                                                                core::PostId, int) const;
  void WriteMarks(std::string_view name, std::string_view time_field, MarkPage load) {
    JsonArrayFile file(staging_ / name);
    core::PostId after(0);
    for (;;) {
      job_.check();
      const auto rows = db_.ReadNow([&](db::Connection& c) { return (data_.*load)(c, job_.user, after, kPage); });
      if (rows.empty()) break;
      for (const auto& r : rows) {
        file.Append(json::object{{"postId", r.post.ToString()}, {time_field, Time(r.created_at)}});
      }
      after = rows.back().post;
    }
    file.Finish();
  }

  using FollowPage = std::vector<store::ExportFollowRow> (store::ExportDataStore::*)(db::Connection&, core::UserId,
                                                                                    core::UserId, int) const;
  void WriteFollows(std::string_view name, FollowPage load) {
    JsonArrayFile file(staging_ / name);
    core::UserId after(0);
    for (;;) {
      job_.check();
      const auto rows = db_.ReadNow([&](db::Connection& c) { return (data_.*load)(c, job_.user, after, kPage); });
      if (rows.empty()) break;
      for (const auto& r : rows) {
        file.Append(json::object{{"id", r.user.ToString()},
                                 {"username", r.username},
                                 {"status", r.accepted ? "following" : "requested"},
                                 {"since", Time(r.created_at)}});
      }
      after = rows.back().user;
    }
    file.Finish();
  }

  // Each conversation is one item, written in pieces: its head, then its
  // messages a page at a time (a conversation may hold any number of them).
  // The list is read whole first: it is ordered by activity, so a message
  // arriving while it is paged would move a conversation past the cursor.
  void WriteConversations() {
    std::vector<store::ConversationRow> all;
    std::unordered_map<core::ConversationId, store::Folder> folders;
    for (const auto folder : {store::Folder::kInbox, store::Folder::kRequests}) {
      std::optional<store::ConversationCursor> cursor;
      for (;;) {
        job_.check();
        const auto rows = db_.ReadNow(
            [&](db::Connection& c) { return conversations_.ListForMember(c, job_.user, cursor, kPage, folder); });
        if (rows.empty()) break;
        for (const auto& row : rows) {
          if (folders.emplace(row.id, folder).second) all.push_back(row);
        }
        cursor = store::ConversationCursor{.updated_at = rows.back().updated_at, .id = rows.back().id};
      }
    }
    JsonArrayFile file(staging_ / "conversations.json");
    for (std::size_t start = 0; start < all.size(); start += kPage) {
      job_.check();
      const auto end = std::min(all.size(), start + kPage);
      std::vector<core::ConversationId> ids;
      for (auto i = start; i < end; ++i) ids.push_back(all[i].id);
      const auto participants =
          db_.ReadNow([&](db::Connection& c) { return conversations_.Participants(c, ids, job_.user); });
      for (auto i = start; i < end; ++i) WriteConversation(file, all[i], folders[all[i].id], participants);
    }
    file.Finish();
  }

  void WriteConversation(JsonArrayFile& file, const store::ConversationRow& row, store::Folder folder,
                         const std::vector<store::ParticipantRow>& participants) {
    json::array people;
    for (const auto& p : participants) {
      if (p.conversation != row.id) continue;
      // The same rule as the conversation view: between a blocked pair, only
      // who it is.
      const users::PairFacts facts{.same_person = p.user.id == job_.user,
                                   .blocked = p.blocked,
                                   .subject_restricts_viewer = p.restricts_viewer,
                                   .subject_accepted = p.accepted};
      json::object person{{"id", p.user.id.ToString()}, {"username", p.user.username}};
      if (users::MaySeeProfileAndMessages(facts)) {
        person["displayName"] = p.user.display_name;
      } else {
        person["hidden"] = true;
      }
      people.push_back(std::move(person));
    }
    json::object head{{"id", row.id.ToString()},
                      {"title", row.title ? json::value(*row.title) : json::value(nullptr)},
                      {"isGroup", row.is_group},
                      {"folder", folder == store::Folder::kInbox ? "inbox" : "requests"},
                      {"createdAt", Time(row.created_at)},
                      {"participants", std::move(people)}};
    auto text = json::serialize(head);
    text.pop_back();  // the closing brace: the messages follow
    file.AppendRaw(text + ",\"messages\":[");

    const store::MessageReader reader{.user = job_.user, .floor = row.history_floor};
    core::MessageId after(0);
    bool first = true;
    for (;;) {
      job_.check();
      const auto messages =
          db_.ReadNow([&](db::Connection& c) { return messages_.ListAfter(c, row.id, after, kPage, reader); });
      if (messages.empty()) break;
      for (const auto& m : messages) {
        json::object message{{"id", m.id.ToString()},
                             {"sender", json::object{{"id", m.sender.id.ToString()}, {"username", m.sender.username}}},
                             {"text", m.text},
                             {"createdAt", Time(m.created_at)}};
        if (const auto* photo = m.media ? Largest(*m.media) : nullptr) {
          const auto& largest = *photo;
          message["media"] = json::object{
              {"file", PhotoFile("media/messages/" + m.id.ToString() + "." + ExtensionOf(largest.key), largest.key)},
              {"alt", m.media->alt},
              {"mimeType", largest.mime_type}};
        }
        file.Write((first ? "\n  " : ",\n  ") + json::serialize(message));
        first = false;
      }
      after = messages.back().id;
    }
    file.Write("]}");
  }

  db::Database& db_;
  const media::BlobStore& blobs_;
  const ArchiveJob& job_;
  fs::path staging_;
  store::ExportDataStore data_;
  store::PostStore posts_;
  store::ConversationStore conversations_;
  store::MessageStore messages_;
  std::vector<Photo> photos_;
};

// Reading pace (ArchiveJob::bytes_per_second), and the job's check at every
// piece.
class Pacer {
 public:
  explicit Pacer(const ArchiveJob& job) : job_(job), started_(std::chrono::steady_clock::now()) {}

  void Spend(std::size_t bytes) {
    job_.check();
    if (job_.bytes_per_second == 0) return;
    spent_ += bytes;
    const auto due = started_ + std::chrono::microseconds(spent_ * 1'000'000 / job_.bytes_per_second);
    // Sleeps in short slices so that a shutdown is noticed quickly.
    while (std::chrono::steady_clock::now() < due) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          due - std::chrono::steady_clock::now(), std::chrono::milliseconds(50)));
      job_.check();
    }
  }

 private:
  const ArchiveJob& job_;
  std::chrono::steady_clock::time_point started_;
  std::uint64_t spent_ = 0;
};

void SyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string() + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) ThrowWriteFailure(path);
}

}  // namespace

fs::path ArchivePath(const fs::path& dir, store::ExportId id) { return dir / (id.ToString() + ".zip"); }

std::size_t RemoveExportFiles(const fs::path& dir, store::ExportId id) {
  const auto archive = id.ToString() + ".zip";
  const auto staging = id.ToString() + ".staging";
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name == archive || name == staging || name.starts_with(archive + ".")) {
      std::error_code remove_ec;
      if (fs::remove_all(it->path(), remove_ec) > 0) ++removed;
    }
  }
  return removed;
}

BuiltArchive BuildArchive(db::Database& db, const media::BlobStore& blobs, const ArchiveJob& job) {
  fs::create_directories(job.dir);
  RemoveExportFiles(job.dir, job.id);
  const auto staging = job.dir / (job.id.ToString() + ".staging");
  const auto path = ArchivePath(job.dir, job.id);
  try {
    fs::create_directory(staging);
    Builder builder(db, blobs, job, staging);
    builder.WriteDocuments();

    Pacer pacer(job);
    detail::ZipWriter zip(path, [&pacer](std::size_t bytes) { pacer.Spend(bytes); },
                          static_cast<std::time_t>(core::NowMillis() / 1000));
    for (const auto name : Builder::kDocuments) zip.AddFile(std::string(name), staging / name, true);
    for (const auto& photo : builder.photos()) {
      zip.AddLoaded(photo.name, [&blobs, key = photo.key] { return blobs.Read(key); }, false);
    }
    zip.Close();
    fs::remove_all(staging);
    SyncPath(path, O_RDONLY);
    SyncPath(job.dir, O_RDONLY | O_DIRECTORY);
    return {.path = path, .size = fs::file_size(path)};
  } catch (...) {
    RemoveExportFiles(job.dir, job.id);
    throw;
  }
}

}  // namespace lenslet::api::exports
