// The schema map of an answer, in JsonSchemaBuilder's terms: paths, classes, and each object
// before the objects it holds (the SDK converts in the map's order, so a holder converted after
// its members would turn them back into maps).
#include <gtest/gtest.h>

#include "common/schema_map.h"

namespace zstack {
namespace {

using nlohmann::json;

const SchemaClass kRef{"org.zstack.ai.entity.ModelServiceRefInventory", {}};
const SchemaClass kModel{"org.zstack.ai.entity.ModelInventory", {{"modelServiceRefs", kRef}}};
const SchemaClass kPattern{"org.zstack.header.tag.TagPatternInventory", {{"type", {"org.zstack.header.tag.TagPatternType", {}}}}};

// The map's entries in document order (nlohmann::json would sort them).
std::vector<std::pair<std::string, std::string>> entries(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  const nlohmann::ordered_json map = nlohmann::ordered_json::parse(text);
  for (const auto& [path, name] : map.items()) out.emplace_back(path, name.get<std::string>());
  return out;
}

TEST(SchemaMapTest, AListOfInventoriesNamesEachAndItsMembersAfterIt) {
  const json answer = {{"inventories",
                        {{{"uuid", "a"}, {"modelServiceRefs", {{{"uuid", "r0"}}, {{"uuid", "r1"}}}}},
                         {{"uuid", "b"}, {"modelServiceRefs", json::array()}}}},
                       {"total", 2}};
  using E = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(entries(schemaMap(answer, {{"inventories", kModel}})),
            (E{{"inventories[1]", kModel.name},
               {"inventories[0]", kModel.name},
               {"inventories[0].modelServiceRefs[1]", kRef.name},
               {"inventories[0].modelServiceRefs[0]", kRef.name}}));
}

TEST(SchemaMapTest, OneInventoryAnEnumMemberAndNullsThatNameNothing) {
  const json answer = {{"inventory", {{"uuid", "p"}, {"type", "simple"}}}, {"other", nullptr}};
  using E = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(entries(schemaMap(answer, {{"inventory", kPattern}, {"other", kModel}})),
            (E{{"inventory", kPattern.name}, {"inventory.type", "org.zstack.header.tag.TagPatternType"}}));
  EXPECT_EQ(schemaMap(json{{"inventory", {{"uuid", "m"}, {"modelServiceRefs", nullptr}}}}, {{"inventory", kModel}}),
            R"({"inventory":"org.zstack.ai.entity.ModelInventory"})");
  // Nothing typed: an empty map, as RestServer sets it.
  EXPECT_EQ(schemaMap(json::object(), {}), "{}");
  EXPECT_EQ(schemaMap(json{{"inventory", {{"uuid", "m"}}}}, {}), "{}");
}

TEST(SchemaMapTest, TheBuilderAddsAQuerysInventoriesOneByOne) {
  SchemaMapBuilder builder;
  builder.add("inventories[0]", json{{"uuid", "a"}, {"modelServiceRefs", {{{"uuid", "r"}}}}}, kModel);
  builder.add("inventories[1]", json(), kModel);
  builder.add("inventories[2]", json{{"uuid", "c"}}, kModel);
  EXPECT_EQ(builder.text(), R"({"inventories[2]":"org.zstack.ai.entity.ModelInventory",)"
                            R"("inventories[0]":"org.zstack.ai.entity.ModelInventory",)"
                            R"("inventories[0].modelServiceRefs[0]":"org.zstack.ai.entity.ModelServiceRefInventory"})");
}

TEST(SchemaMapTest, WithSchemaAddsTheKeyToAnObjectsText) {
  EXPECT_EQ(withSchema(R"({"inventory":{"uuid":"a"}})", R"({"inventory":"C"})"),
            R"({"inventory":{"uuid":"a"},"schema":{"inventory":"C"}})");
  EXPECT_EQ(withSchema("{}", "{}"), R"({"schema":{}})");
  EXPECT_EQ(withSchema("{ }\n", "{}"), R"({ "schema":{}})" "\n");
  EXPECT_EQ(json::parse(withSchema(R"({"a":[{"b":"}"}]} )", "{}")), json::parse(R"({"a":[{"b":"}"}],"schema":{}})"));
}

}  // namespace
}  // namespace zstack
