// HTTP/1.1 keep-alive: many requests of every kind over one TCP connection.

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

class keepalive_test : public e2e_test {};

TEST_F(keepalive_test, many_requests_over_one_connection) {
  const std::string tok = token();
  auto c = new_client();
  auto created = c->post(path(), {{"name", "ka"}, {"definition", chain_definition()}}, tok);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  ASSERT_EQ(created->status, 201) << created->describe();
  const std::string id = created->json["workflow"]["id"];
  int ok = 0;
  for (int i = 0; i < 200; ++i) {
    // Spread over users so a per-user rate limit (100/min, DESIGN.md §6) is not what is tested.
    const std::string user_tok = token(tenant_a, "ka-" + std::to_string(i / 50));
    result<http_response> res;
    switch (i % 4) {
      case 0: res = c->get(path("/health")); break;
      case 1: res = c->get(path(), user_tok); break;
      case 2: res = c->get(path("/" + id), user_tok); break;
      default: res = c->post(path("/" + id + "/execute"), {{"inputs", {{"name", "k"}, {"x", i}}}}, user_tok); break;
    }
    ASSERT_TRUE(res.has_value()) << "request " << i << ": " << res.error().message;
    EXPECT_TRUE(res->keep_alive) << "request " << i << " asked to close: " << res->describe();
    if (res->status == 200 || res->status == 201) ++ok;
  }
  EXPECT_EQ(ok, 200);
  EXPECT_EQ(c->connects(), 1) << "every request went over the same connection";
  // Errors keep the connection too.
  auto missing = c->get(path("/00000000-0000-4000-8000-000000000000"), tok);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status, 404);
  auto unauthorized = c->get(path());
  ASSERT_TRUE(unauthorized.has_value());
  EXPECT_EQ(unauthorized->status, 401);
  auto after = c->get(path("/health"));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(c->connects(), 1);
  auto runs = c->get(path("/" + id + "/runs?limit=1"), tok);
  ASSERT_TRUE(runs.has_value());
  EXPECT_EQ(runs->json.value("total", -1), 50);
}

}  // namespace
}  // namespace runlog::e2e
