// Clauses -> steps: each clause's keyword or main verb picks the node type, its object and
// prepositions fill the action name and config, and available tools replace built-in actions.
#include <algorithm>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

using nlohmann::json;

class generator {
 public:
  generator(std::string_view original, const parse_context& context,
            std::vector<std::string>& unmatched)
      : original_(original), context_(context), unmatched_(unmatched) {}

  void read(const clause& c) {
    const words& w = c.w;
    std::size_t i = 0;
    bool else_branch = false;
    if (text_in(w, 0, {"otherwise", "else"}) ||
        (text_in(w, 0, {"if"}) && text_in(w, 1, {"not", "no"}))) {
      else_branch = true;
      i = w[0]->text == "if" ? 2 : 1;
      i += lead_in(w, i);
      if (i >= w.size() || (w.size() - i <= 2 && !meaningful_from(w, i))) {
        pending_else_ = true;
        return;
      }
    }
    ++counted;
    bool trigger = false;
    auto step = classify(w, i, trigger);
    if (trigger) {
      score += 1.0;
      remember_subject(w, i);
      return;
    }
    if (!step) {
      unmatched_.push_back(clause_text(c, original_));
      return;
    }
    has_approval_ = has_approval_ || step->type == node_type::approval;
    step->else_branch = else_branch || pending_else_;
    pending_else_ = false;
    score += step->match;
    if (!step->object.empty()) last_object_ = step->object;
    if (step->domain != nullptr) last_domain_ = step->domain;
    if (!step->recipient.empty()) last_recipient_ = step->recipient;
    steps.push_back(std::move(*step));
  }

  std::vector<step_spec> steps;
  double score = 0;
  int counted = 0;

 private:
  // An event clause names what the next steps work on: "when a new lead comes in" -> "lead".
  // "someone fills out the contact form" -> "contact form" (the object when no subject).
  void remember_subject(const words& w, std::size_t i) {
    std::size_t k = i;
    while (k < w.size() && (is_filler(w[k]->text) || is_stopword(w[k]->text) ||
                            text_in(w, k, {"whenever", "once", "upon", "soon", "someone"}))) {
      ++k;
    }
    std::size_t event = k;
    while (event < w.size() && !is_event_word(*w[event]) && verb_at(w, event) == nullptr &&
           comparator_at(w, event) != event) {
      ++event;
    }
    words subject = read_object(w, k).chunk;
    const std::size_t limit = event < w.size() ? w[event]->begin : original_.size();
    std::erase_if(subject, [limit](const token* t) { return t->begin >= limit; });
    if (subject.empty()) subject = read_object(w, event + 1).chunk;
    if (subject.empty()) return;
    last_object_ = text_of(subject, original_);
    last_domain_ = domain_service(subject);
  }

  static bool meaningful_from(const words& w, std::size_t i) {
    for (; i < w.size(); ++i) {
      if (w[i]->kind == token_kind::word && !is_stopword(w[i]->text)) return true;
    }
    return false;
  }

  std::optional<step_spec> classify(const words& w, std::size_t i, bool& trigger) {
    std::int64_t ms = 0;
    if (delay_phrase(w, i, ms) > 0) {
      step_spec s;
      s.type = node_type::delay;
      s.action = "wait";
      s.config = {{"duration_ms", ms}};
      s.cls = verb_class::delay;
      return s;
    }
    bool negated = false;
    if (const std::size_t n = condition_keyword(w, i, negated); n > 0) {
      return condition_step(read_condition(w, i + n, negated));
    }
    if (text_in(w, i, {"when", "whenever", "once", "after", "each", "every", "upon"}) ||
        (text_in(w, i, {"as"}) && text_in(w, i + 1, {"soon"})) ||
        (text_in(w, i, {"on"}) && text_in(w, i + 1, {"new", "each", "every"}))) {
      // "once approved" follows an approval step; without one it asks for the approval.
      if (is_approval(w, i) && !has_approval_) return approval_step(w, i);
      trigger = true;
      return std::nullopt;
    }
    if (is_approval(w, i)) return approval_step(w, i);
    const std::size_t v = main_verb(w, i);
    if (v >= w.size()) return std::nullopt;
    return verb_step(w, v);
  }

  static bool is_approval(const words& w, std::size_t i) {
    const std::size_t v = main_verb(w, i);
    if (v < w.size() && verb_at(w, v)->cls == verb_class::approval) return true;
    for (std::size_t k = i; k < w.size(); ++k) {
      if (text_in(w, k,
                  {"approval", "approve", "approved", "approves", "signoff", "authorization",
                   "authorize", "authorized"})) {
        return true;
      }
      if (w[k]->text == "review" && k > 0 &&
          text_in(w, k - 1, {"for", "to", "a", "manual", "human", "their", "his", "her"})) {
        return true;
      }
    }
    return false;
  }

  step_spec approval_step(const words& w, std::size_t i) {
    step_spec s;
    s.type = node_type::approval;
    s.action = "request_approval";
    s.cls = verb_class::approval;
    s.config = {
        {"prompt", capitalize(clause_text(
                       {words(w.begin() + static_cast<std::ptrdiff_t>(i), w.end())}, original_))}};
    if (const std::size_t v = main_verb(w, i); v < w.size()) {
      const auto what = read_object(w, v + 1).chunk;
      if (!what.empty() && !is_recipient_noun(what.back()->stem))
        s.object = text_of(what, original_);
    }
    for (std::size_t k = i; k < w.size(); ++k) {
      const bool asker = text_in(w, k, {"ask", "have", "get", "let"});
      if (!asker && !text_in(w, k, {"from", "by"})) continue;
      auto who = read_object(w, k + 1).chunk;
      // "have the support lead approve it": the approver ends where the asked verb starts.
      const auto verb = std::find_if(who.begin(), who.end(), [](const token* t) {
        const verb_info* v = find_verb(t->stem);
        return v != nullptr && v->cls == verb_class::approval;
      });
      who.erase(verb, who.end());
      if (who.empty() || !is_recipient_noun(who.back()->stem)) continue;
      s.config["approver"] = text_of(who, original_);
      break;
    }
    return s;
  }

  step_spec condition_step(const condition_reading& r) {
    if (last_object_.empty()) last_object_ = r.subject;
    step_spec s;
    s.type = node_type::condition;
    s.config = r.config;
    std::string field = r.field;
    if (r.pronoun && !last_object_.empty()) {
      // "if it is negative" after "classify the sentiment": the field is the sentiment.
      field = identifier(singular(last_object_.substr(last_object_.rfind(' ') + 1)));
      s.config["field"] = "$." + field;
    }
    s.action = "check_" + field;
    s.match = r.parsed ? 1.0 : 0.75;
    s.cls = verb_class::condition;
    return s;
  }

  // What a verb really asks for, given its object: "create a summary" is agent work (as
  // "generate"), "get a Slack message" a send, "export X to Y" a store.
  static void refine(const words& w, std::size_t v, const std::string& head, verb_class& cls,
                     std::string_view& base) {
    if (base == "export" || base == "import" || base == "sync") {
      const bool outward = text_in(w, obj_end(w, v), {"to", "into"}) && base != "import";
      cls = outward ? verb_class::store : verb_class::fetch;
    }
    if ((base == "get" || base == "receive") && is_message_noun(stem(head))) cls = verb_class::send;
    static constexpr std::string_view makers[] = {"create",  "make",    "build",   "write",
                                                  "produce", "prepare", "compile", "compose",
                                                  "draft",   "generate"};
    const bool maker = std::find(std::begin(makers), std::end(makers), base) != std::end(makers);
    if (maker && is_content_noun(stem(head))) {
      cls = verb_class::agent;
      if (base != "write" && base != "compose" && base != "draft") base = "generate";
    } else if (maker && cls == verb_class::agent && brand_service(w) != nullptr) {
      cls = verb_class::create;
    }
  }

  std::optional<step_spec> verb_step(const words& w, std::size_t v) {
    const verb_info& verb = *verb_at(w, v);
    const auto obj = read_object(w, v + 1);
    std::string head = obj.head();
    std::string object = text_of(obj.chunk, original_);
    const service_info* domain = obj.chunk.empty() ? nullptr : domain_service(obj.chunk);
    if (head.empty() && obj.pronoun) {
      object = last_object_;
      domain = last_domain_;
    }
    if (head.empty() && !object.empty()) head = singular(object.substr(object.rfind(' ') + 1));
    verb_class cls = verb.cls;
    std::string_view base = verb.base;
    if (base == "check" && text_in(w, v + 1, {"if", "whether", "that"})) {
      return condition_step(read_condition(w, v + 2, false));
    }
    if (cls == verb_class::condition) {
      std::size_t k = v + 1;
      const bool out = text_in(w, k, {"out"});
      while (text_in(w, k, {"that", "if", "whether", "for", "only", "out", "to"})) ++k;
      return condition_step(read_condition(w, k, out));
    }
    refine(w, v, head, cls, base);
    step_spec s;
    s.cls = cls;
    s.object = object;
    s.verb = std::string(base);
    s.domain = domain;
    const std::string prompt = capitalize(
        clause_text({words(w.begin() + static_cast<std::ptrdiff_t>(v), w.end())}, original_));
    switch (cls) {
      case verb_class::agent:
        return agent_step(s, w, base, head, prompt);
      case verb_class::transform:
        s.type = node_type::transform;
        s.action = identifier(std::string(base) + (head.empty() ? "" : "_" + head));
        s.config = {{"operation", base}, {"input", "{{ input }}"}};
        return s;
      case verb_class::end:
        s.type = node_type::end;
        s.action = "end";
        return s;
      case verb_class::fail:
        s.type = node_type::fail;
        s.action = "fail";
        s.config = {{"message", prompt}};
        return s;
      case verb_class::delay:
      case verb_class::none:
      case verb_class::approval:
      case verb_class::condition:
        return std::nullopt;
      default:
        return integration_step(std::move(s), w, v, base, obj, head,
                                step_env{original_, context_, last_recipient_});
    }
  }

  step_spec agent_step(step_spec& s, const words& w, std::string_view base, const std::string& head,
                       const std::string& prompt) const {
    s.type = node_type::agent;
    s.action = identifier(std::string(base) + (head.empty() ? "" : "_" + head));
    if (auto tool = pick_tool(context_.available_tools, verb_class::agent, nullptr, nullptr, w)) {
      s.action = *tool;
    }
    s.config = {{"prompt", prompt}};
    return s;
  }

  std::string_view original_;
  const parse_context& context_;
  std::vector<std::string>& unmatched_;
  std::string last_object_;
  const service_info* last_domain_ = nullptr;
  std::string last_recipient_;
  bool pending_else_ = false;
  bool has_approval_ = false;
};

}  // namespace

std::vector<step_spec> generate_steps(const std::vector<clause>& clauses, std::string_view original,
                                      const parse_context& context,
                                      std::vector<std::string>& unmatched, double& score,
                                      int& counted) {
  generator g(original, context, unmatched);
  for (const auto& c : clauses) g.read(c);
  score = g.score;
  counted = g.counted;
  return std::move(g.steps);
}

}  // namespace runlog::nlparse::nl
