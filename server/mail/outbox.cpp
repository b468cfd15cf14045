#include "mail/outbox.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace lenslet::mail {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO outbox (recipient, template, fields, created_at, next_attempt_at, attempts) "
    "VALUES ($1, $2, $3, $4, $4, 0)";

constexpr std::string_view kAnyDue = "SELECT 1 FROM outbox WHERE next_attempt_at <= $1 LIMIT 1";

// WARNING: the lease. A claimed row's next_attempt_at moves to the end of the
// lease, so it is not due for anyone else until then. On PostgreSQL two
// instances may pick the same ids in the subquery; the second one's UPDATE
// waits for the first's row locks and then re-checks `next_attempt_at <= $1`
// on the new row version, which no longer holds, so it skips those rows.
constexpr std::string_view kClaim =
    "UPDATE outbox SET claimed_until = $2, next_attempt_at = $2, attempts = attempts + 1 "
    "WHERE next_attempt_at <= $1 AND id IN "
    "(SELECT id FROM outbox WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3) "
    "RETURNING id, recipient, template, fields, created_at, attempts, claimed_until";

constexpr std::string_view kRemove = "DELETE FROM outbox WHERE id = $1 AND claimed_until = $2";

constexpr std::string_view kReschedule =
    "UPDATE outbox SET claimed_until = NULL, next_attempt_at = $3, last_error = $4 "
    "WHERE id = $1 AND claimed_until = $2";

constexpr std::string_view kCount = "SELECT count(*) FROM outbox";

std::string FieldsToJson(const Fields& fields) {
  boost::json::object object;
  for (const auto& [name, value] : fields) object[name] = value;
  return boost::json::serialize(object);
}

Fields FieldsFromJson(const std::string& text) {
  Fields fields;
  boost::system::error_code ec;
  const auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return fields;
  for (const auto& [name, field] : value.as_object()) {
    if (field.is_string()) fields.emplace(std::string(name), std::string(field.as_string()));
  }
  return fields;
}

}  // namespace

void Enqueue(db::Connection& c, std::string_view to, Template t, const Fields& fields, core::Millis now) {
  OutboxStore().Insert(c, to, t, fields, now);
}

void OutboxStore::Insert(db::Connection& c, std::string_view to, Template t, const Fields& fields,
                         core::Millis now) const {
  c.Exec(kInsert, to, TemplateName(t), FieldsToJson(fields), now);
}

bool OutboxStore::AnyDue(db::Connection& c, core::Millis now) const { return !c.Exec(kAnyDue, now).empty(); }

std::vector<OutboxRow> OutboxStore::Claim(db::Connection& c, core::Millis now, core::Millis lease_until,
                                          int limit) const {
  std::vector<OutboxRow> rows;
  for (const auto& r : c.Exec(kClaim, now, lease_until, limit).rows) {
    OutboxRow row;
    row.id = r.Int(0);
    row.to = r.Text(1);
    row.template_name = r.Text(2);
    row.fields = FieldsFromJson(r.Text(3));
    row.created_at = r.Int(4);
    row.attempts = static_cast<int>(r.Int(5));
    row.claimed_until = r.Int(6);
    rows.push_back(std::move(row));
  }
  return rows;
}

bool OutboxStore::Remove(db::Connection& c, std::int64_t id, core::Millis claimed_until) const {
  return c.Exec(kRemove, id, claimed_until).affected > 0;
}

bool OutboxStore::Reschedule(db::Connection& c, std::int64_t id, core::Millis claimed_until,
                             core::Millis next_attempt_at, std::string_view error) const {
  return c.Exec(kReschedule, id, claimed_until, next_attempt_at, error).affected > 0;
}

std::int64_t OutboxStore::Count(db::Connection& c) const { return c.Exec(kCount).one().Int(0); }

}  // namespace lenslet::mail
