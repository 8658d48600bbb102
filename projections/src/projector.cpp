// The projector: one thread polls a subscription from the store's positions, applies each
// polled batch in one WriteBatch, then wakes wait_applied() callers and outcome waiters, and
// times waiters out (the poll timeout bounds how late: kPoll).

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "runlog/projections/store.hpp"
#include "runlog/schemas/envelope.hpp"
#include "waiters.hpp"

namespace runlog::projections {
namespace {

constexpr std::chrono::milliseconds kPoll{50};
constexpr std::chrono::milliseconds kRetry{100};
constexpr std::size_t kMaxBatch = 1000;

using callback = waiter_set::callback;

// Far enough for "forever", near enough that now() + it cannot overflow the clock.
std::chrono::milliseconds bounded(std::chrono::milliseconds timeout) {
  return std::clamp(timeout, std::chrono::milliseconds{0},
                    std::chrono::milliseconds{std::chrono::hours{24 * 365}});
}

void call_all(std::vector<callback>& callbacks, const std::optional<outcome>& o) {
  for (callback& done : callbacks) done(o);
}

}  // namespace

struct projector::impl {
  impl(eventlog::event_log& l, store& v) : log(l), views(v) {}

  eventlog::event_log& log;
  store& views;
  std::mutex lifecycle;  // serialises start/stop
  std::thread thread;

  std::mutex mu;  // guards everything below
  std::condition_variable changed;
  bool running = false;
  bool stopping = false;
  std::vector<eventlog::offset> positions;  // next offset applied, per partition
  waiter_set waiters;

  result<std::unique_ptr<eventlog::subscription>> subscribe();
  void loop(std::unique_ptr<eventlog::subscription> sub);
  bool step(std::unique_ptr<eventlog::subscription>& sub);
  void published(const std::vector<eventlog::stored_record>& records);
  void wake_outcome(const std::string& command_id);
  void expire();
  bool pause();
  bool applied(const std::vector<eventlog::position>& targets) const;
};

// Reads the store's positions and subscribes from them; refreshes the cached positions.
result<std::unique_ptr<eventlog::subscription>> projector::impl::subscribe() {
  const std::uint32_t n = log.partitions();
  std::vector<eventlog::start_at> from;
  std::vector<eventlog::offset> next;
  for (eventlog::partition_id p = 0; p < n; ++p) {
    auto pos = views.position(p);
    if (!pos) return tl::unexpected(pos.error());
    from.push_back({p, *pos});
    next.push_back(*pos);
  }
  auto sub = log.subscribe(std::move(from));
  if (!sub) return fail(errc::log_failure, "cannot subscribe to the log: " + sub.error().message);
  {
    const std::lock_guard lock(mu);
    positions = std::move(next);
  }
  changed.notify_all();
  return sub;
}

void projector::impl::loop(std::unique_ptr<eventlog::subscription> sub) {
  while (true) {
    {
      const std::lock_guard lock(mu);
      if (stopping) return;
    }
    if (!step(sub) && !pause()) return;
    expire();
  }
}

// One poll/apply/publish round. On a log or store failure, drops the subscription (it is
// re-made from the store's positions, so nothing is skipped or applied twice) and says so.
bool projector::impl::step(std::unique_ptr<eventlog::subscription>& sub) {
  if (!sub) {
    auto fresh = subscribe();
    if (!fresh) {
      std::fprintf(stderr, "runlog projector: %s\n", fresh.error().message.c_str());
      return false;
    }
    sub = std::move(*fresh);
  }
  auto polled = sub->poll(kPoll, kMaxBatch);
  if (!polled) {
    std::fprintf(stderr, "runlog projector: poll failed: %s\n", polled.error().message.c_str());
    sub.reset();
    return false;
  }
  if (polled->empty()) return true;
  if (auto done = views.apply(*polled); !done) {
    std::fprintf(stderr, "runlog projector: apply failed: %s\n", done.error().message.c_str());
    sub.reset();
    return false;
  }
  published(*polled);
  return true;
}

// Waits kRetry after a failure; false when asked to stop meanwhile.
bool projector::impl::pause() {
  std::unique_lock lock(mu);
  return !changed.wait_for(lock, kRetry, [&] { return stopping; });
}

void projector::impl::published(const std::vector<eventlog::stored_record>& records) {
  bool any_waiter = false;
  {
    const std::lock_guard lock(mu);
    for (const eventlog::stored_record& r : records) {
      if (r.partition < positions.size())
        positions[r.partition] = std::max(positions[r.partition], r.off + 1);
    }
    any_waiter = !waiters.empty();
  }
  changed.notify_all();
  // A waiter registered after this check reads the store itself, which already holds the batch.
  if (!any_waiter) return;
  std::unordered_set<std::string> causes;
  for (const eventlog::stored_record& r : records) {
    auto header = schemas::peek_header(r.value);
    if (header && !header->causation.empty()) causes.insert(std::move(header->causation));
  }
  for (const std::string& command_id : causes) wake_outcome(command_id);
}

void projector::impl::wake_outcome(const std::string& command_id) {
  {
    const std::lock_guard lock(mu);
    if (!waiters.wants(command_id)) return;
  }
  auto o = views.get_outcome(command_id);
  if (!o || !*o) return;
  std::vector<callback> ready;
  {
    const std::lock_guard lock(mu);
    ready = waiters.take_command(command_id);
  }
  call_all(ready, *o);
}

void projector::impl::expire() {
  std::vector<callback> expired;
  {
    const std::lock_guard lock(mu);
    if (waiters.empty()) return;
    expired = waiters.take_expired(waiter_set::clock::now());
  }
  call_all(expired, std::nullopt);
}

bool projector::impl::applied(const std::vector<eventlog::position>& targets) const {
  for (const eventlog::position& t : targets) {
    if (t.partition >= positions.size() || positions[t.partition] < t.off + 1) return false;
  }
  return true;
}

projector::projector(eventlog::event_log& log, store& views)
    : impl_(std::make_unique<impl>(log, views)) {}

projector::~projector() { stop(); }

result<void> projector::start() {
  const std::lock_guard lifecycle(impl_->lifecycle);
  {
    const std::lock_guard lock(impl_->mu);
    if (impl_->running) return {};
  }
  auto sub = impl_->subscribe();
  if (!sub) return tl::unexpected(sub.error());
  {
    const std::lock_guard lock(impl_->mu);
    impl_->running = true;
    impl_->stopping = false;
  }
  impl_->thread = std::thread([this, s = std::move(*sub)]() mutable { impl_->loop(std::move(s)); });
  return {};
}

void projector::stop() {
  const std::lock_guard lifecycle(impl_->lifecycle);
  {
    const std::lock_guard lock(impl_->mu);
    if (!impl_->running) return;
    impl_->stopping = true;
  }
  impl_->changed.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  std::vector<callback> left;
  {
    const std::lock_guard lock(impl_->mu);
    impl_->running = false;
    left = impl_->waiters.take_all();
  }
  impl_->changed.notify_all();
  call_all(left, std::nullopt);
}

void projector::on_outcome(std::string command_id, std::chrono::milliseconds timeout,
                           std::function<void(std::optional<outcome>)> done) {
  std::optional<waiter_set::token> token;
  {
    const std::lock_guard lock(impl_->mu);
    if (impl_->running && !impl_->stopping) {
      token = impl_->waiters.add(command_id, waiter_set::clock::now() + bounded(timeout),
                                 std::move(done));
    }
  }
  // Checked AFTER registering: an outcome applied before the registration is found here, one
  // applied after it is announced by the projector thread. Whoever takes the token calls it.
  auto stored = impl_->views.get_outcome(command_id);
  const bool found = stored && *stored;
  if (!token) {
    done(found ? *stored : std::nullopt);
    return;
  }
  if (!found) return;
  std::optional<callback> mine;
  {
    const std::lock_guard lock(impl_->mu);
    mine = impl_->waiters.take(*token);
  }
  if (mine) (*mine)(*stored);
}

bool projector::wait_applied(const std::vector<eventlog::position>& positions,
                             std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mu);
  if (!impl_->running) {
    lock.unlock();
    for (const eventlog::position& t : positions) {
      auto stored = impl_->views.position(t.partition);
      if (!stored || *stored < t.off + 1) return false;
    }
    return true;
  }
  return impl_->changed.wait_for(lock, bounded(timeout), [&] {
    return impl_->stopping || impl_->applied(positions);
  }) && impl_->applied(positions);
}

}  // namespace runlog::projections
