// ai-model: SemVer 2.0.0 parsing and precedence (semver.h).
#include <gtest/gtest.h>

#include "semver.h"

namespace zstack::ai {
namespace {

TEST(AiModelSemver, ParsesCorePrereleaseAndBuild) {
  const auto v = SemVer::parse("1.2.3-rc.1+build.5");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 1u);
  EXPECT_EQ(v->minor, 2u);
  EXPECT_EQ(v->patch, 3u);
  EXPECT_EQ(v->prerelease, (std::vector<std::string>{"rc", "1"}));
  EXPECT_EQ(v->build, (std::vector<std::string>{"build", "5"}));
}

TEST(AiModelSemver, AcceptsSpecExamples) {
  for (const char* text : {"0.0.0", "1.0.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
                           "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0-alpha+001", "1.0.0+20130313144700",
                           "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD", "1.0.0-0A.is.legal",
                           "18446744073709551615.0.0", "1.1.2+meta-valid", "1.0.0+0.build.1-rc.10000aaa-kk-0.1"}) {
    EXPECT_TRUE(SemVer::parse(text)) << text;
  }
}

TEST(AiModelSemver, RefusesInvalid) {
  for (const char* text : {"", "1", "1.2", "1.2.3.4", "v1.2.3", "01.1.1", "1.01.1", "1.1.01", "1.2.3-0123",
                           "1.2.3-0123.0123", "1.2.3-", "1.2.3+", "1.2.3-+", "1.2.3-alpha..1", "1.2.3+a..b",
                           "1.2.3-alpha_beta", "1.2", "-1.0.0", "1.0.0 ", " 1.0.0", "1.2.3.DEV", "1.2-SNAPSHOT",
                           "18446744073709551616.0.0", "+invalid", "alpha", "1.2.3-a+b+c", "1.0.0-é"}) {
    EXPECT_FALSE(SemVer::parse(text)) << text;
  }
}

TEST(AiModelSemver, BuildMetadataIsAllowedToHaveLeadingZeros) {
  EXPECT_TRUE(SemVer::parse("1.0.0+001"));
  EXPECT_FALSE(SemVer::parse("1.0.0-001"));
}

std::strong_ordering cmp(const char* a, const char* b) {
  const auto x = SemVer::parse(a);
  const auto y = SemVer::parse(b);
  EXPECT_TRUE(x && y) << a << " / " << b;
  return comparePrecedence(*x, *y);
}

TEST(AiModelSemver, SpecPrecedenceChain) {
  const char* chain[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                         "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0",
                         "1.0.1",        "1.1.0",         "2.0.0",            "2.1.0",
                         "2.1.1",        "10.0.0"};
  const std::size_t n = sizeof chain / sizeof chain[0];
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const auto expected = i < j ? std::strong_ordering::less
                                  : (i == j ? std::strong_ordering::equal : std::strong_ordering::greater);
      EXPECT_EQ(cmp(chain[i], chain[j]), expected) << chain[i] << " vs " << chain[j];
    }
  }
}

TEST(AiModelSemver, BuildMetadataDoesNotCount) {
  EXPECT_EQ(cmp("1.0.0+a", "1.0.0+b"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1.0.0-rc.1+x", "1.0.0-rc.1"), std::strong_ordering::equal);
}

TEST(AiModelSemver, NumericIdentifiersCompareNumerically) {
  EXPECT_EQ(cmp("1.0.0-2", "1.0.0-10"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0.0-999", "1.0.0-a"), std::strong_ordering::less);  // numeric < alphanumeric
  EXPECT_EQ(cmp("1.0.0-Z", "1.0.0-a"), std::strong_ordering::less);    // ASCII order
  EXPECT_EQ(cmp("1.10.0", "1.9.0"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0.0-99999999999999999999999", "1.0.0-100000000000000000000000"), std::strong_ordering::less);
}

}  // namespace
}  // namespace zstack::ai
