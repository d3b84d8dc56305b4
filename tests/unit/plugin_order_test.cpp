// The plugins' start order: after their requirements, otherwise as plugin.yaml lists them;
// cycles refused naming their plugins.
#include "loader/plugin_order.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace zstack {
namespace {

std::vector<std::string> ordered(const std::vector<PluginRequirements>& plugins) {
  std::vector<std::size_t> order;
  const Status status = startOrder(plugins, &order);
  EXPECT_TRUE(status.ok()) << status.error().details;
  std::vector<std::string> names;
  for (std::size_t index : order) names.push_back(plugins[index].name);
  return names;
}

using Names = std::vector<std::string>;

TEST(PluginStartOrder, WithoutRequirementsItIsPluginYamlOrder) {
  EXPECT_EQ(ordered({{"c", {}}, {"a", {}}, {"b", {}}}), (Names{"c", "a", "b"}));
  EXPECT_EQ(ordered({}), Names{});
}

TEST(PluginStartOrder, ARequiredPluginStartsFirstWhereverItIsListed) {
  EXPECT_EQ(ordered({{"ai-dataset", {"ai-model"}}, {"ai-model", {}}}), (Names{"ai-model", "ai-dataset"}));
  // Chains: c needs b needs a, listed backwards.
  EXPECT_EQ(ordered({{"c", {"b"}}, {"b", {"a"}}, {"a", {}}}), (Names{"a", "b", "c"}));
  // Several requirements, one of them listed after.
  EXPECT_EQ(ordered({{"a", {}}, {"d", {"a", "c"}}, {"c", {}}}), (Names{"a", "c", "d"}));
}

TEST(PluginStartOrder, IsStable) {
  // Each next plugin is the first listed that is ready: x and y keep their order around the
  // dependent, which waits only for its requirement.
  EXPECT_EQ(ordered({{"x", {}}, {"dep", {"model"}}, {"y", {}}, {"model", {}}, {"z", {}}}),
            (Names{"x", "y", "model", "dep", "z"}));
  // Two dependents of one plugin keep their relative order.
  EXPECT_EQ(ordered({{"d2", {"m"}}, {"d1", {"m"}}, {"m", {}}}), (Names{"m", "d2", "d1"}));
  // An order that already satisfies the requirements is kept as it is.
  EXPECT_EQ(ordered({{"m", {}}, {"d", {"m"}}, {"other", {}}}), (Names{"m", "d", "other"}));
  // A diamond.
  EXPECT_EQ(ordered({{"top", {"l", "r"}}, {"r", {"base"}}, {"l", {"base"}}, {"base", {}}}),
            (Names{"base", "r", "l", "top"}));
}

TEST(PluginStartOrder, ACycleIsRefusedNamingItsPlugins) {
  std::vector<std::size_t> order;
  Status status = startOrder({{"free", {}}, {"a", {"b"}}, {"b", {"a"}}}, &order);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "plugin requirements form a cycle: a requires b, b requires a");
  EXPECT_TRUE(order.empty());

  // A plugin that only waits for the cycle is not named as part of it.
  status = startOrder({{"waits", {"p"}}, {"p", {"q"}}, {"q", {"r"}}, {"r", {"p"}}}, &order);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "plugin requirements form a cycle: p requires q, q requires r, r requires p");

  status = startOrder({{"self", {"self"}}}, &order);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "plugin requirements form a cycle: self requires self");
}

TEST(PluginStartOrder, ARequirementThatIsNoEntryIsTheCallersBug) {
  std::vector<std::size_t> order;
  EXPECT_THROW(startOrder({{"a", {"ghost"}}}, &order), std::invalid_argument);
}

}  // namespace
}  // namespace zstack
