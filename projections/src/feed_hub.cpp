// The live hub and subscriptions: catch up from stored rows, then follow the inbox.
//
// No gap, no duplicate: the inbox is registered before the first store read, and every
// message is published only after the batch holding its rows is committed. So each message
// is in the store snapshot of a later read, or in the inbox, or in both; the cursor (next
// undelivered offset per partition) drops the second copy. When the inbox fills up while
// catching up, it goes "lossy" and the subscription keeps reading the store; at the end of the
// store it re-arms the inbox and reads the store once more before it goes live.

#include "snapshot.hpp"
#include "feed_hub.hpp"

#include <algorithm>

#include "keys.hpp"
#include "runlog/projections/store.hpp"

namespace runlog::projections {
namespace {

std::string scope_key(feed_scope scope, std::string_view tenant, std::string_view id) {
  return keys::feed_scope_prefix(scope == feed_scope::run ? keys::feed_row : keys::feed_index,
                                 tenant, id);
}

class rocks_feed_subscription final : public feed_subscription {
 public:
  rocks_feed_subscription(rocksdb::DB& db, feed_hub& hub, feed_request request, std::string key,
                          std::shared_ptr<feed_inbox> inbox, feed_cursor start)
      : db_(db),
        hub_(hub),
        request_(std::move(request)),
        key_(std::move(key)),
        inbox_(std::move(inbox)),
        cursor_(std::move(start)) {}

  ~rocks_feed_subscription() override {
    hub_.remove(key_, inbox_.get());
    const std::lock_guard lock(inbox_->mu);
    inbox_->wake = nullptr;  // a publish still holding the inbox must not wake us any more
  }

  rocks_feed_subscription(const rocks_feed_subscription&) = delete;
  rocks_feed_subscription& operator=(const rocks_feed_subscription&) = delete;

  result<feed_batch> take(std::size_t max) override {
    max = std::max<std::size_t>(max, 1);
    if (live_) return take_live(max);
    return catch_up(max);
  }

  std::string cursor() const override { return encode_cursor(cursor_); }

 private:
  result<feed_batch> catch_up(std::size_t max);
  result<feed_batch> take_live(std::size_t max);
  result<std::vector<feed_message>> read_page(std::size_t max);
  result<std::optional<std::string>> body_of(const rocksdb::ReadOptions& options,
                                             const std::string& run_id, eventlog::partition_id p,
                                             eventlog::offset off);
  /// Appends `m` to `out` with its cursor unless it was delivered already.
  void deliver(const feed_message& m, std::vector<std::string>& out);

  rocksdb::DB& db_;
  feed_hub& hub_;
  feed_request request_;
  std::string key_;  ///< the scope prefix: hub key and store prefix
  std::shared_ptr<feed_inbox> inbox_;
  feed_cursor cursor_;
  bool live_ = false;
};

void rocks_feed_subscription::deliver(const feed_message& m, std::vector<std::string>& out) {
  if (m.partition >= cursor_.size() || m.off < cursor_[m.partition]) return;
  if (m.body.empty() || m.body.back() != '}') return;
  cursor_[m.partition] = m.off + 1;
  std::string text = m.body;
  text.pop_back();
  text += ",\"cursor\":\"" + encode_cursor(cursor_) + "\"}";
  out.push_back(std::move(text));
}

result<feed_batch> rocks_feed_subscription::catch_up(std::size_t max) {
  auto page = read_page(max);
  if (!page) return tl::unexpected(page.error());
  feed_batch out;
  for (const feed_message& m : *page) deliver(m, out.messages);
  if (page->size() >= max) {
    out.more = true;
    return out;
  }
  // The store is exhausted as of this read. If the inbox lost nothing since it was (re-)armed
  // before that read, it holds everything newer: go live. Otherwise re-arm and read again.
  std::deque<std::shared_ptr<const feed_message>> buffered;
  {
    const std::lock_guard lock(inbox_->mu);
    if (inbox_->lossy) {
      inbox_->lossy = false;
      out.more = true;
      return out;
    }
    inbox_->live = true;
    buffered.swap(inbox_->queue);
    inbox_->bytes = 0;
    inbox_->wake_armed = buffered.empty() && out.messages.empty();
  }
  live_ = true;
  for (const auto& m : buffered) deliver(*m, out.messages);
  // Everything buffered was a duplicate: ask for another round so the caller reaches a take()
  // that arms the wake-up instead of waiting for one that never comes.
  if (!buffered.empty() && out.messages.empty()) out.more = true;
  return out;
}

result<feed_batch> rocks_feed_subscription::take_live(std::size_t max) {
  std::vector<std::shared_ptr<const feed_message>> taken;
  feed_batch out;
  {
    const std::lock_guard lock(inbox_->mu);
    if (inbox_->overflowed) {
      out.overflowed = true;
      return out;
    }
    while (!inbox_->queue.empty() && taken.size() < max) {
      inbox_->bytes -= inbox_->queue.front()->body.size();
      taken.push_back(std::move(inbox_->queue.front()));
      inbox_->queue.pop_front();
    }
    inbox_->wake_armed = taken.empty();
    out.more = !inbox_->queue.empty();
  }
  for (const auto& m : taken) deliver(*m, out.messages);
  if (!taken.empty() && out.messages.empty()) out.more = true;  // only duplicates: see above
  return out;
}

result<std::optional<std::string>> rocks_feed_subscription::body_of(
    const rocksdb::ReadOptions& options, const std::string& run_id, eventlog::partition_id p,
    eventlog::offset off) {
  const std::string key =
      keys::feed_entry(keys::feed_scope_prefix(keys::feed_row, request_.tenant, run_id), p, off);
  std::string body;
  const rocksdb::Status s = db_.Get(options, key, &body);
  if (s.IsNotFound()) return std::optional<std::string>{};
  if (!s.ok()) return fail(errc::io, "feed read failed: " + s.ToString());
  return std::optional<std::string>{std::move(body)};
}

// Up to `max` stored messages after the cursor, partition by partition, from one snapshot.
result<std::vector<feed_message>> rocks_feed_subscription::read_page(std::size_t max) {
  const snapshot snap(db_);
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(snap.options()));
  std::vector<feed_message> page;
  const bool by_run = request_.scope == feed_scope::run;
  for (eventlog::partition_id p = 0; p < cursor_.size() && page.size() < max; ++p) {
    const std::string prefix = keys::feed_partition_prefix(key_, p);
    for (it->Seek(keys::feed_entry(key_, p, cursor_[p]));
         it->Valid() && it->key().starts_with(prefix) && page.size() < max; it->Next()) {
      const auto off = keys::feed_entry_offset(it->key().ToStringView());
      if (!off) return fail(errc::corrupt, "malformed feed key");
      feed_message m{request_.tenant, "", "", p, *off, ""};
      if (by_run) {
        m.run_id = request_.id;
        m.body = it->value().ToString();
      } else {
        m.workflow_id = request_.id;
        m.run_id = it->value().ToString();
        auto body = body_of(snap.options(), m.run_id, p, *off);
        if (!body) return tl::unexpected(body.error());
        if (!*body) return fail(errc::corrupt, "feed index entry without its message");
        m.body = std::move(**body);
      }
      page.push_back(std::move(m));
    }
  }
  if (!it->status().ok()) return fail(errc::io, "feed scan failed: " + it->status().ToString());
  return page;
}

result<feed_cursor> starting_cursor(rocksdb::DB& db, const feed_request& request) {
  if (request.after) {
    if (request.after->size() != request.partitions) {
      return fail(errc::corrupt, "the cursor does not match the log's partition count");
    }
    return *request.after;
  }
  feed_cursor start(request.partitions, 0);
  if (request.scope == feed_scope::run) return start;
  // A workflow follows from now: from what the store has applied (read after registering).
  for (eventlog::partition_id p = 0; p < request.partitions; ++p) {
    std::string value;
    const rocksdb::Status s = db.Get(rocksdb::ReadOptions(), keys::position(p), &value);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return fail(errc::io, "cannot read position: " + s.ToString());
    const auto next = keys::decode_u64(value);
    if (!next) return fail(errc::corrupt, "malformed position");
    start[p] = *next;
  }
  return start;
}

}  // namespace

void feed_inbox::push(const std::shared_ptr<const feed_message>& m) {
  const std::lock_guard lock(mu);
  if (overflowed || lossy) return;
  queue.push_back(m);
  bytes += m->body.size();
  if (queue.size() > max_messages || bytes > max_bytes) {
    queue.clear();
    bytes = 0;
    (live ? overflowed : lossy) = true;
  }
  if (!live || !wake_armed || !wake) return;
  wake_armed = false;
  wake();
}

void feed_hub::add(const std::string& key, std::shared_ptr<feed_inbox> inbox) {
  const std::lock_guard lock(mu_);
  inboxes_.emplace(key, std::move(inbox));
}

void feed_hub::remove(const std::string& key, const feed_inbox* inbox) {
  const std::lock_guard lock(mu_);
  auto [first, last] = inboxes_.equal_range(key);
  for (auto it = first; it != last; ++it) {
    if (it->second.get() == inbox) {
      inboxes_.erase(it);
      return;
    }
  }
}

void feed_hub::deliver(const std::string& key, const std::shared_ptr<const feed_message>& m) {
  auto [first, last] = inboxes_.equal_range(key);
  for (auto it = first; it != last; ++it) it->second->push(m);
}

void feed_hub::publish(std::vector<feed_message> messages) {
  if (messages.empty()) return;
  const std::lock_guard lock(mu_);
  if (inboxes_.empty()) return;
  for (feed_message& m : messages) {
    const auto shared = std::make_shared<const feed_message>(std::move(m));
    deliver(scope_key(feed_scope::run, shared->tenant, shared->run_id), shared);
    deliver(scope_key(feed_scope::workflow, shared->tenant, shared->workflow_id), shared);
  }
}

result<std::unique_ptr<feed_subscription>> open_feed_subscription(rocksdb::DB& db, feed_hub& hub,
                                                                  feed_request request) {
  auto inbox = std::make_shared<feed_inbox>();
  inbox->max_messages = std::max<std::size_t>(request.max_messages, 1);
  inbox->max_bytes = std::max<std::size_t>(request.max_bytes, 1);
  inbox->wake = std::move(request.wake);
  std::string key = scope_key(request.scope, request.tenant, request.id);
  hub.add(key, inbox);  // before any read: see the top of this file
  auto start = starting_cursor(db, request);
  if (!start) {
    hub.remove(key, inbox.get());
    return tl::unexpected(start.error());
  }
  return std::unique_ptr<feed_subscription>(new rocks_feed_subscription(
      db, hub, std::move(request), std::move(key), std::move(inbox), std::move(*start)));
}

}  // namespace runlog::projections
