// The feed's admission, client messages and subscriptions (see feed_protocol.hpp).

#include "feed_protocol.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "auth.hpp"
#include "errors.hpp"
#include "ids.hpp"

namespace runlog::api::detail {
namespace {

using json = nlohmann::json;

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t monotonic_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::vector<std::pair<std::string, std::string>> rate_headers(const rate_decision& d) {
  return {{"X-RateLimit-Limit", std::to_string(d.limit)},
          {"X-RateLimit-Remaining", std::to_string(d.remaining)},
          {"X-RateLimit-Reset", std::to_string(d.reset_seconds)}};
}

std::string dump(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// A string member of a client message; `bad` when present but not a non-empty string.
std::optional<std::string> string_member(const json& message, const char* name, bool& bad) {
  const auto it = message.find(name);
  if (it == message.end() || it->is_null()) return std::nullopt;
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    bad = true;
    return std::nullopt;
  }
  return it->get<std::string>();
}

feed_refusal workflow_not_found() { return {"WORKFLOW_NOT_FOUND", "Workflow not found", true}; }
feed_refusal run_not_found() { return {"EXECUTION_NOT_FOUND", "Workflow run not found", true}; }
feed_refusal internal(const runlog::error& e) {
  std::fprintf(stderr, "runlog api: feed: %s\n", e.message.c_str());
  return {"INTERNAL_ERROR", "Internal error", false, true};
}

/// The scope and id of `args` once they name something `who` may see.
tl::expected<std::pair<projections::feed_scope, std::string>, feed_refusal> resolve(
    const dispatch_env& env, const principal& who, const subscribe_args& args) {
  if (args.run_id) {
    const auto run_id = canonical_uuid(*args.run_id);
    if (!run_id) return tl::unexpected(run_not_found());
    auto run = env.handlers.views.get_run(who.tenant, *run_id);
    if (!run) return tl::unexpected(internal(run.error()));
    if (!*run) return tl::unexpected(run_not_found());
    if (args.workflow_id && canonical_uuid(*args.workflow_id) != (*run)->workflow_id) {
      return tl::unexpected(run_not_found());
    }
    return std::pair{projections::feed_scope::run, *run_id};
  }
  const auto workflow_id = canonical_uuid(args.workflow_id.value_or(""));
  if (!workflow_id) return tl::unexpected(workflow_not_found());
  auto workflow = env.handlers.views.get_workflow(who.tenant, *workflow_id);
  if (!workflow) return tl::unexpected(internal(workflow.error()));
  if (!*workflow) return tl::unexpected(workflow_not_found());
  return std::pair{projections::feed_scope::workflow, *workflow_id};
}

}  // namespace

checked<feed_admission> admit_feed(const dispatch_env& env, const http_request& request) {
  auto query = parse_query(request.query);
  if (!query) return tl::unexpected(std::move(query.error()));
  http_request with_token = request;
  if (const auto token = query->find("token");
      !request.has_authorization && token != query->end()) {
    with_token.has_authorization = true;
    with_token.authorization = "Bearer " + token->second;
  }
  auto who = authenticate(with_token, env.keys, now_seconds());
  if (!who) return tl::unexpected(std::move(who.error()));
  feed_admission out{std::move(*who), {}, std::move(*query)};
  if (!env.limiter) return out;
  const rate_decision d = env.limiter->admit(out.who.tenant, out.who.user, monotonic_seconds());
  out.headers = rate_headers(d);
  if (!d.allowed) {
    http_response refused =
        error_response("RATE_LIMIT_EXCEEDED", "rate limit of " + std::to_string(d.limit) +
                                                  " requests per minute exceeded; retry after " +
                                                  std::to_string(d.reset_seconds) + " s");
    refused.headers = out.headers;
    refused.headers.emplace_back("Retry-After",
                                 std::to_string(std::max<std::uint32_t>(1, d.reset_seconds)));
    return tl::unexpected(std::move(refused));
  }
  return out;
}

std::optional<subscribe_args> query_subscription(const query_params& query) {
  subscribe_args out;
  const auto value = [&](const char* name) -> std::optional<std::string> {
    const auto it = query.find(name);
    return it == query.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  out.workflow_id = value("workflow_id");
  out.run_id = value("run_id");
  out.after = value("after");
  if (!out.workflow_id && !out.run_id && !out.after) return std::nullopt;
  return out;
}

client_message parse_client_message(std::string_view text) {
  client_message out;
  const json message = json::parse(text, nullptr, false);
  if (message.is_discarded() || !message.is_object()) {
    out.problem = "messages must be JSON objects";
    return out;
  }
  const auto type = message.find("type");
  const std::string kind =
      type != message.end() && type->is_string() ? type->get<std::string>() : "";
  if (kind == "ping") {
    out.what = client_message::kind::ping;
  } else if (kind == "unsubscribe") {
    out.what = client_message::kind::unsubscribe;
  } else if (kind == "subscribe") {
    bool bad = false;
    out.args.workflow_id = string_member(message, "workflow_id", bad);
    out.args.run_id = string_member(message, "run_id", bad);
    out.args.after = string_member(message, "after", bad);
    if (bad) {
      out.problem = "workflow_id, run_id and after must be non-empty strings";
    } else {
      out.what = client_message::kind::subscribe;
    }
  } else {
    out.problem = "type must be \"subscribe\", \"unsubscribe\" or \"ping\"";
  }
  return out;
}

tl::expected<feed_opened, feed_refusal> open_feed(const dispatch_env& env, const principal& who,
                                                  const subscribe_args& args,
                                                  const feed_options& options,
                                                  std::function<void()> wake) {
  if (!args.workflow_id && !args.run_id) {
    return tl::unexpected(feed_refusal{"INVALID_MESSAGE", "subscribe needs workflow_id or run_id"});
  }
  auto target = resolve(env, who, args);
  if (!target) return tl::unexpected(std::move(target.error()));
  projections::feed_request request;
  request.tenant = who.tenant;
  request.scope = target->first;
  request.id = target->second;
  request.partitions = env.log.partitions();
  request.max_messages = options.queue;
  request.wake = std::move(wake);
  if (args.after) {
    request.after = projections::decode_cursor(*args.after, request.partitions);
    if (!request.after) {
      return tl::unexpected(feed_refusal{"INVALID_CURSOR", "after is not a cursor of this feed"});
    }
  }
  auto subscription = env.handlers.views.subscribe_feed(std::move(request));
  if (!subscription) return tl::unexpected(internal(subscription.error()));
  const bool by_run = target->first == projections::feed_scope::run;
  json reply = {{"type", "subscribed"},
                {by_run ? "run_id" : "workflow_id", target->second},
                {"cursor", (*subscription)->cursor()}};
  return feed_opened{std::move(*subscription), dump(reply)};
}

std::optional<feed_refusal> admit_message(const dispatch_env& env, const principal& who) {
  if (!env.limiter) return std::nullopt;
  const rate_decision d = env.limiter->admit(who.tenant, who.user, monotonic_seconds());
  if (d.allowed) return std::nullopt;
  return feed_refusal{"RATE_LIMIT_EXCEEDED",
                      "rate limit exceeded; retry after " +
                          std::to_string(std::max<std::uint32_t>(1, d.reset_seconds)) + " s"};
}

std::string error_message(const feed_refusal& refusal) {
  return dump({{"type", "error"}, {"code", refusal.code}, {"message", refusal.message}});
}

std::string simple_message(std::string_view type) { return dump({{"type", type}}); }

}  // namespace runlog::api::detail
