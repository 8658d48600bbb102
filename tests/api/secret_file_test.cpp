// Without RUNLOG_JWT_SECRET the server generates DATA/jwt-secret (mode 0600), keeps it across
// restarts, and `runlog token --data DATA` mints tokens it accepts.

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  return s;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class secret_file_test : public e2e_test {
 protected:
  /// `runlog token ...` with RUNLOG_JWT_SECRET as given (nullopt: unset). Returns the token.
  std::string run_token(std::vector<std::string> args, std::optional<std::string> env_secret) {
    auto binary = testing::find_runlog_binary();
    if (!binary) {
      ADD_FAILURE() << binary.error().message;
      return "";
    }
    args.insert(args.begin(), {binary->string(), "token"});
    auto out = testing::run_process(args, {{"RUNLOG_JWT_SECRET", env_secret}});
    if (!out) {
      ADD_FAILURE() << out.error().message;
      return "";
    }
    EXPECT_TRUE(out->status.clean()) << "runlog token: " << out->status.describe() << ", stdout: " << out->out;
    return trim(out->out);
  }
};

TEST_F(secret_file_test, generated_secret_file_and_token_command) {
  ASSERT_NO_FATAL_FAILURE(stop_server());
  ASSERT_NO_FATAL_FAILURE(start_server(std::nullopt));
  const auto secret_path = data_dir() / "jwt-secret";
  ASSERT_TRUE(std::filesystem::exists(secret_path));
  struct stat st {};
  ASSERT_EQ(::stat(secret_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << std::oct << (st.st_mode & 0777);
  const std::string stored = read_file(secret_path);
  EXPECT_GE(trim(stored).size(), 32u) << "a generated secret has at least 256 bits";

  const std::string tok = run_token({"--tenant", "t-file", "--user", "u-file", "--data", data_dir().string()}, std::nullopt);
  ASSERT_FALSE(tok.empty());
  json payload = testing::decode_part(tok, 1);
  EXPECT_EQ(payload.value("customer_id", ""), "t-file") << payload.dump();
  EXPECT_EQ(payload.value("sub", ""), "u-file") << payload.dump();
  EXPECT_GT(payload.value("exp", 0LL), payload.value("iat", 0LL)) << payload.dump();
  EXPECT_EQ(testing::decode_part(tok, 0).value("alg", ""), "HS256");

  auto created = post(path(), {{"name", "with-file-secret"}, {"definition", chain_definition()}}, tok);
  ASSERT_EQ(created.status, 201) << created.describe();
  EXPECT_EQ(created.json["workflow"].value("customer_id", ""), "t-file");
  EXPECT_EQ(created.json["workflow"].value("created_by", ""), "u-file");
  // The fixture's fixed secret is not the generated one.
  EXPECT_TRUE(is_error(get(path(), token("t-file")), 401, "INVALID_TOKEN"));

  // The secret survives a restart: the file is unchanged and the same token still works.
  ASSERT_NO_FATAL_FAILURE(stop_server());
  ASSERT_NO_FATAL_FAILURE(start_server(std::nullopt));
  EXPECT_EQ(read_file(secret_path), stored);
  auto list = get(path(), tok);
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.json.value("total", -1), 1);

  // --ttl is honoured.
  const std::string short_lived =
      run_token({"--tenant", "t", "--user", "u", "--ttl", "60", "--data", data_dir().string()}, std::nullopt);
  json claims = testing::decode_part(short_lived, 1);
  EXPECT_EQ(claims.value("exp", 0LL) - claims.value("iat", 0LL), 60) << claims.dump();
}

TEST_F(secret_file_test, token_command_signs_with_the_env_secret) {
  const std::string tok = run_token({"--tenant", "t-env", "--user", "u-env"}, std::string(secret));
  ASSERT_FALSE(tok.empty());
  EXPECT_TRUE(testing::verify_hs256(tok, secret)) << tok;
  auto res = get(path(), tok);
  EXPECT_EQ(res.status, 200) << res.describe();
}

}  // namespace
}  // namespace runlog::e2e
