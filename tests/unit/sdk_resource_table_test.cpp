// The plugin SDK's field table and its statements (sdk/resource_table.h, sdk/table_dao.h) on a
// table of their own: what each row declares reaches the parameters, the record, the tags, the
// inventory, the query fields and the SQL, and a column newer than the schema is never touched.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "zstack/sdk/api_builder.h"
#include "zstack/sdk/table_dao.h"
#include "zstack/sdk/testing.h"

namespace zstack::sdk {
namespace {

using nlohmann::json;

const Version kV1("1.0");
const Version kV2("2.0");

struct Widget : Row {
  std::string name;
  std::optional<std::string> colour;
  long long weight = 0;
  std::optional<long long> grams;
  bool spare = false;
  std::optional<std::string> secret;
  std::optional<std::string> shape;  // 2.0
};

Status canonicalColour(const std::string& value, std::string* canonical) {
  if (value.empty()) return invalidArgument("colour must not be empty");
  *canonical = value == "RED" ? "red" : value;
  return Status::OK();
}

Status validateGrams(const std::string& tag, const std::string& value) {
  return value.find_first_not_of("0123456789") == std::string::npos && !value.empty()
             ? Status::OK()
             : invalidArgument(tag + ": must be digits");
}

const ResourceTable<Widget>& widgets() {
  using F = Field<Widget>;
  static const ResourceTable<Widget> table(
      "WidgetVO", "org.example.WidgetInventory", kV1,
      {
          F("name", &Widget::name, kV1).param("名称", "name").required().nonBlank().max(64).updatable(),
          F("colour", &Widget::colour, kV1).param("颜色", "colour").max(16).updatable().canonical(canonicalColour),
          F("weight", &Widget::weight, kV1).param("重量", "weight").range(0, 1000).byDefault(7),
          F("grams", &Widget::grams, kV1).inventoryKey("GRAMS").tag("n", validateGrams, "grams"),
          F("spare", &Widget::spare, kV1).param("备用", "spare").byDefault(false),
          F("secret", &Widget::secret, kV1).param("秘密", "secret").max(64).secret(),
          F("shape", &Widget::shape, kV2).param("形状", "shape").max(16).updatable(),
      },
      {{"computed", FieldType::Boolean, kV1, {}}});
  return table;
}

ApiDescriptor createWidget() {
  return describeCreateApi("CreateWidget", {"POST", "/widgets", "params"}, "WidgetVO", kV1, "", "",
                           widgets().createParams());
}

ApiDescriptor updateWidget() {
  std::vector<ParamSpec> params = {pathUuid("uuid", kV1, "", "")};
  for (const ParamSpec& spec : widgets().updateParams()) params.push_back(spec);
  return describeApi("UpdateWidget", {"PUT", "/widgets/{uuid}", "updateWidget"}, "WidgetVO", kV1, "", "", params);
}

// `specs` by name: pointers into `specs`, which must outlive the map.
std::map<std::string, const ParamSpec*> byName(const std::vector<ParamSpec>& specs) {
  std::map<std::string, const ParamSpec*> out;
  for (const ParamSpec& spec : specs) out[spec.name] = &spec;
  return out;
}

TEST(SdkResourceTable, ParametersComeFromTheRows) {
  const ApiDescriptor api = createWidget();
  const auto params = byName(api.params);
  EXPECT_EQ(params.size(), 8u);  // six parameter fields, resourceUuid, tagUuids
  EXPECT_TRUE(params.at("name")->required && params.at("name")->nonBlank);
  EXPECT_EQ(params.at("name")->maxLength, 64u);
  EXPECT_EQ(params.at("weight")->type, ParamType::Long);
  EXPECT_EQ(params.at("weight")->maxValue, 1000);
  EXPECT_EQ(params.at("weight")->defaultValue, json(7));
  EXPECT_EQ(params.at("spare")->type, ParamType::Boolean);
  EXPECT_TRUE(params.at("secret")->secret);
  EXPECT_EQ(params.at("shape")->since, kV2);
  EXPECT_TRUE(params.at(kResourceUuid)->uuid);
  EXPECT_EQ(params.at(kTagUuids)->type, ParamType::List);
  EXPECT_FALSE(params.count("grams")) << "a tag field is no parameter";

  const std::vector<ParamSpec> updateSpecs = widgets().updateParams();
  const auto update = byName(updateSpecs);
  EXPECT_EQ(update.size(), 3u);
  EXPECT_FALSE(update.at("name")->required);
  EXPECT_TRUE(update.at("name")->nonBlank);
  EXPECT_TRUE(update.count("shape"));
}

TEST(SdkResourceTable, ARuleBeforeParamIsAMistakeInTheTable) {
  EXPECT_THROW(Field<Widget>("name", &Widget::name, kV1).max(3), std::logic_error);
  using F = Field<Widget>;
  EXPECT_THROW(ResourceTable<Widget>("W", "org.example.W", kV1, {F("name", &Widget::name, kV1), F("name", &Widget::name, kV1)}),
               std::logic_error);
}

TEST(SdkResourceTable, ACreateCallMakesTheRecord) {
  soci::session unopened;
  testing::FakeResources resources;
  testing::FakeContext ctx(unopened, resources, createWidget(), {{"name", "w"}, {"colour", "RED"}, {"spare", true}},
                           {"grams::12", "grams::12", "unrelated::x"});
  Widget w;
  ASSERT_TRUE(widgets().fromCreate(ctx, w).ok());
  EXPECT_EQ(w.name, "w");
  EXPECT_EQ(w.colour, "red");  // canonical
  EXPECT_EQ(w.weight, 7);      // the default
  EXPECT_EQ(w.grams, 12);      // from the tag, given twice with one value
  EXPECT_TRUE(w.spare);
  EXPECT_FALSE(w.shape);

  testing::FakeContext badColour(unopened, resources, createWidget(), {{"name", "w"}, {"colour", ""}});
  EXPECT_EQ(widgets().fromCreate(badColour, w).error().details, "colour must not be empty");
  testing::FakeContext twoGrams(unopened, resources, createWidget(), {{"name", "w"}}, {"grams::1", "grams::2"});
  EXPECT_NE(widgets().fromCreate(twoGrams, w).error().details.find("given twice with different values"),
            std::string::npos);
  testing::FakeContext badGrams(unopened, resources, createWidget(), {{"name", "w"}}, {"grams::x"});
  EXPECT_EQ(widgets().fromCreate(badGrams, w).error().details, "grams::x: must be digits");
}

TEST(SdkResourceTable, AnUpdateChangesOnlyWhatItGives) {
  soci::session unopened;
  testing::FakeResources resources;
  testing::FakeContext ctx(unopened, resources, updateWidget(), {{"uuid", "u"}, {"colour", "blue"}}, {"grams::3"});
  Widget w;
  std::vector<std::string> columns;
  ASSERT_TRUE(widgets().changes(ctx, w, &columns).ok());
  EXPECT_EQ(columns, (std::vector<std::string>{"colour", "grams"}));
  EXPECT_EQ(w.colour, "blue");
  EXPECT_EQ(w.grams, 3);
}

TEST(SdkResourceTable, InventoryAndQueryFieldsKeepSecretsOut) {
  Widget w;
  w.uuid = "u";
  w.name = "w";
  w.secret = "hush";
  w.grams = 5;
  w.spare = true;
  const json inventory = widgets().inventory(w);
  EXPECT_FALSE(inventory.contains("secret"));
  EXPECT_EQ(inventory["GRAMS"], 5);
  EXPECT_EQ(inventory["spare"], true);
  EXPECT_TRUE(inventory["colour"].is_null());
  EXPECT_TRUE(inventory["createDate"].is_string());

  std::map<std::string, QueryField> fields;
  for (const QueryField& field : widgets().queryFields(kV1)) fields[field.name] = field;
  EXPECT_FALSE(fields.count("secret"));
  EXPECT_FALSE(fields.count("shape")) << "a 2.0 field at 1.0";
  EXPECT_EQ(fields.at("GRAMS").column, "grams");
  EXPECT_EQ(fields.at("spare").type, FieldType::Boolean);
  EXPECT_EQ(fields.at("createDate").type, FieldType::Timestamp);
  EXPECT_EQ(fields.at("computed").column, "");
  EXPECT_TRUE(widgets().queryFields(kV2).size() > fields.size());
}

TEST(SdkResourceTable, TagFormatsAreTheTagRows) {
  const std::vector<SystemTagFormat> formats = widgets().tagFormats("WidgetVO");
  ASSERT_EQ(formats.size(), 1u);
  EXPECT_EQ(formats[0].format, "grams::{n}");
  EXPECT_TRUE(formats[0].validate("grams::4", {{"n", "4"}}).ok());
  EXPECT_FALSE(formats[0].validate("grams::", {}).ok());
}

class SdkTableDao : public ::testing::Test {
 protected:
  void SetUp() override {
    sql_.open(soci::sqlite3, ":memory:");
    sql_ << "CREATE TABLE WidgetVO (uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(64) NOT NULL, colour VARCHAR(16),"
            " weight BIGINT NOT NULL, grams BIGINT, spare SMALLINT NOT NULL, secret VARCHAR(64),"
            " createDate TIMESTAMP NOT NULL, lastOpDate TIMESTAMP NOT NULL)";
  }
  Widget widget(const std::string& uuid) {
    Widget w;
    w.uuid = uuid;
    w.name = "n-" + uuid;
    w.weight = 3;
    w.spare = true;
    w.createDate.tm_year = w.lastOpDate.tm_year = 126;
    w.createDate.tm_mday = w.lastOpDate.tm_mday = 1;
    return w;
  }
  soci::session sql_;
};

TEST_F(SdkTableDao, RowsGoInAndComeBackAtTheirSchema) {
  TableDao<Widget> dao(sql_, widgets(), kV1);
  Widget w = widget("a");
  w.colour = "red";
  w.grams = 9;
  dao.insert(w);
  dao.insert(widget("b"));
  const std::optional<Widget> back = dao.find("a");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "n-a");
  EXPECT_EQ(back->colour, "red");
  EXPECT_EQ(back->grams, 9);
  EXPECT_TRUE(back->spare);
  EXPECT_EQ(back->createDate.tm_year, 126);
  EXPECT_EQ(dao.findMany({"a", "b", "missing"}).size(), 2u);
  EXPECT_EQ(dao.uuidsWhere("name", "n-b"), (std::vector<std::string>{"b"}));

  Widget change;
  change.uuid = "a";
  change.colour = std::nullopt;
  change.weight = 4;
  dao.update(change, {"colour", "weight"});
  EXPECT_FALSE(dao.find("a")->colour);
  EXPECT_EQ(dao.find("a")->weight, 4);
  EXPECT_EQ(dao.find("a")->name, "n-a") << "a column not named stays";
  dao.remove("b");
  EXPECT_FALSE(dao.find("b"));
}

TEST_F(SdkTableDao, ANewerColumnIsNeitherWrittenNorReadButRefusedAsABug) {
  TableDao<Widget> dao(sql_, widgets(), kV1);
  Widget w = widget("c");
  w.shape = "round";  // 2.0: the table above has no such column
  EXPECT_THROW(dao.insert(w), std::logic_error);
  w.shape.reset();
  dao.insert(w);
  EXPECT_THROW(dao.update(w, {"shape"}), std::logic_error);
  EXPECT_THROW(dao.update(w, {"nosuch"}), std::logic_error);
  EXPECT_THROW(dao.update(w, {"uuid"}), std::logic_error);
  EXPECT_THROW(dao.uuidsWhere("shape", "round"), std::logic_error);
  EXPECT_FALSE(dao.find("c")->shape);
}

}  // namespace
}  // namespace zstack::sdk
