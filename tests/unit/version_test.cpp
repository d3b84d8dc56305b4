// Versions compare numerically, part by part.
#include "zstack/version.h"

#include <gtest/gtest.h>

namespace zstack {
namespace {

TEST(Version, ParsesDottedNumbers) {
  EXPECT_EQ(Version::parse("5.1.8")->str(), "5.1.8");
  EXPECT_EQ(Version::parse("1")->str(), "1");
  for (const char* bad : {"", "5.", ".5", "5..1", "5.a", "-1", "5.1.8.1.2", "1234567890", " 5"}) {
    EXPECT_FALSE(Version::parse(bad)) << bad;
  }
  EXPECT_THROW(Version("x"), std::invalid_argument);
}

TEST(Version, ComparesNumericallyNotAsText) {
  EXPECT_LT(Version("5.5.6"), Version("5.5.22"));
  EXPECT_LT(Version("5.1.8"), Version("5.2.1"));
  EXPECT_LT(Version("5.4.6"), Version("5.5.6"));
  EXPECT_GT(Version("5.10"), Version("5.9.99"));
  EXPECT_EQ(Version("5.1"), Version("5.1.0"));
  EXPECT_LT(Version("5.1"), Version("5.1.1"));
}

}  // namespace
}  // namespace zstack
