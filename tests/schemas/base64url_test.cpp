// Base64url without padding: one encoding per byte string, strict decoding.

#include <gtest/gtest.h>

#include "runlog/schemas/base64url.hpp"

namespace runlog::schemas {
namespace {

TEST(base64url, encodes_without_padding_in_the_url_safe_alphabet) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode(std::string("\xfb\xff\xbf", 3)), "-_-_");
}

TEST(base64url, round_trips_every_byte_value_and_length) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
    const auto back = base64url_decode(base64url_encode(bytes));
    ASSERT_TRUE(back.has_value()) << i;
    EXPECT_EQ(*back, bytes);
  }
}

TEST(base64url, rejects_padding_foreign_characters_impossible_lengths_and_stray_bits) {
  EXPECT_FALSE(base64url_decode("Zg==").has_value());  // padding
  EXPECT_FALSE(base64url_decode("Zm9v+/").has_value());  // standard alphabet
  EXPECT_FALSE(base64url_decode("Zm9 v").has_value());   // whitespace
  EXPECT_FALSE(base64url_decode("Zm9vZ").has_value());   // length 1 mod 4
  EXPECT_FALSE(base64url_decode("Zh").has_value());      // "Zg" with a non-zero unused bit
  EXPECT_EQ(base64url_decode("Zg"), std::optional<std::string>("f"));
}

}  // namespace
}  // namespace runlog::schemas
