// One table per resource: each field of a resource's VO is declared once, and everything else
// is derived from that one row (docs/plugin-guide.md, "A resource's fields").
//
// A row says: the record member that holds the field, its column, the release that added it,
// and, where they apply, the create API's parameter rules and default, whether an update may
// change it, its inventory key (or none, for a secret), how the inventory renders it, and the
// system-tag format that fills it. From the table come the API's parameter specs, the query
// fields, the tag formats, the record a create call makes (and the columns an update
// changes), the inventory, and every DAO statement (sdk/table_dao.h).
//
//   const sdk::ResourceTable<CenterRecord>& centers() {
//     using F = sdk::Field<CenterRecord>;
//     static const sdk::ResourceTable<CenterRecord> table("CenterVO", "org.example.CenterInventory", kV1, {
//         F("name", &CenterRecord::name, kV1).param("名称", "name").required().max(255).updatable(),
//         F("port", &CenterRecord::port, kV1).param("端口", "port").range(1, 65535).byDefault(80),
//         F("token", &CenterRecord::token, kV1).param("令牌", "token").max(2048).secret(),
//     });
//     return table;
//   }
//
// Records derive from sdk::Row, whose uuid, createDate and lastOpDate every table has (the
// table adds them). A table is immutable once built: share one (a function-local static) with
// every thread.
#pragma once

#include <cstddef>
#include <ctime>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"
#include "zstack/context.h"
#include "zstack/date.h"
#include "zstack/error.h"
#include "zstack/query.h"
#include "zstack/tags.h"
#include "zstack/version.h"

namespace zstack::sdk {

// What every VO row has. Timestamps are UTC (zstack/date.h).
struct Row {
  std::string uuid;
  std::tm createDate{};
  std::tm lastOpDate{};
};

// The record member a field lives in: its C++ type says how it is bound, read, validated
// (the API type) and queried. std::optional members are nullable columns.
template <class R>
using Member = std::variant<std::string R::*, std::optional<std::string> R::*, long long R::*,
                            std::optional<long long> R::*, int R::*, std::optional<int> R::*, bool R::*,
                            std::tm R::*>;

// A system tag's check: SYS.1007 "<tag>: <rule>" when `value` (the captured token) breaks it.
using TagValidator = Status (*)(const std::string& tag, const std::string& value);

// A parameter's value as the field stores it; SYS.1007 naming the field when it is malformed
// (e.g. "2,1,2" -> "1,2").
using Canonicaliser = std::function<Status(const std::string& value, std::string* canonical)>;

// The inventory's value for a stored value (nlohmann::json null when the column is NULL).
using Renderer = std::function<nlohmann::json(const nlohmann::json& stored)>;

template <class R>
class Field {
 public:
  Field(std::string column, Member<R> member, const Version& since)
      : column_(std::move(column)), member_(member), since_(since), inventoryKey_(column_) {}

  // The field is a parameter of the create API (named like the column), with these
  // descriptions; the rules below refine it.
  Field& param(std::string zh, std::string en) {
    param_.emplace();
    param_->name = column_;
    param_->type = paramType();
    param_->since = since_;
    param_->descriptionZh = std::move(zh);
    param_->descriptionEn = std::move(en);
    return *this;
  }
  Field& required() { return spec().required = true, *this; }
  Field& nonBlank() { return spec().nonBlank = true, *this; }
  Field& max(std::size_t length) { return spec().maxLength = length, *this; }
  Field& range(std::optional<long long> min, std::optional<long long> max) {
    spec().minValue = min;
    spec().maxValue = max;
    return *this;
  }
  Field& values(std::vector<std::string> valid) { return spec().validValues = std::move(valid), *this; }
  // The value must be a ZStack uuid (32 lowercase hex characters): for a reference this host
  // stores as given, having no table of its own to check it against (a zone, a network).
  Field& uuid() { return spec().uuid = true, *this; }
  // A secret parameter: stored, never logged, never in an inventory.
  Field& secret() {
    spec().secret = true;
    inventoryKey_.clear();
    return *this;
  }
  // Stored when a create call gives no value (documented as the parameter's default when the
  // field is a parameter).
  Field& byDefault(nlohmann::json value) {
    default_ = value;
    if (param_) param_->defaultValue = std::move(value);
    return *this;
  }
  // The update API takes the parameter too (optional there; an absent one keeps the value).
  Field& updatable() { return updatable_ = true, *this; }
  Field& canonical(Canonicaliser canonicalise) { return canonicalise_ = std::move(canonicalise), *this; }
  // The inventory key, when it is not the column's name.
  Field& inventoryKey(std::string key) { return inventoryKey_ = std::move(key), *this; }
  // The inventory renders the stored value so (a list from a text, say); such a field may be
  // picked with `fields=` but matches no query condition.
  Field& rendered(Renderer render) { return render_ = std::move(render), *this; }
  // The inventory's value is an object of this server class (an enum, in ZStack's Java), which
  // the answer's schema map names.
  Field& holds(std::string serverClass) { return holds_ = std::move(serverClass), *this; }
  // The system tag "<column>::{<token>}" sets the field on create and update.
  Field& tag(std::string token, TagValidator validate, std::string descriptionEn) {
    tag_ = TagRule{std::move(token), validate, std::move(descriptionEn)};
    return *this;
  }

  struct TagRule {
    std::string token;
    TagValidator validate;
    std::string descriptionEn;
  };

  const std::string& column() const { return column_; }
  const Member<R>& member() const { return member_; }
  const Version& since() const { return since_; }
  const std::optional<ParamSpec>& parameter() const { return param_; }
  const std::optional<nlohmann::json>& defaultValue() const { return default_; }
  bool isUpdatable() const { return updatable_; }
  const Canonicaliser& canonicaliser() const { return canonicalise_; }
  const std::string& inventoryKeyName() const { return inventoryKey_; }
  const Renderer& renderer() const { return render_; }
  const std::string& heldClass() const { return holds_; }
  const std::optional<TagRule>& tagRule() const { return tag_; }

  // The query type of the field's values.
  FieldType fieldType() const {
    return std::visit(
        [](auto member) {
          using T = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<R&>().*member)>>;
          if constexpr (std::is_same_v<T, std::tm>) {
            return FieldType::Timestamp;
          } else if constexpr (std::is_same_v<T, bool>) {
            return FieldType::Boolean;
          } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>>) {
            return FieldType::Text;
          } else {
            return FieldType::Integer;
          }
        },
        member_);
  }

 private:
  ParamType paramType() const {
    return std::visit(
        [](auto member) {
          using T = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<R&>().*member)>>;
          if constexpr (std::is_same_v<T, long long> || std::is_same_v<T, std::optional<long long>>) {
            return ParamType::Long;
          } else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::optional<int>>) {
            return ParamType::Integer;
          } else if constexpr (std::is_same_v<T, bool>) {
            return ParamType::Boolean;
          } else {
            return ParamType::String;
          }
        },
        member_);
  }
  // A rule for a field that is no parameter is a mistake in the table.
  ParamSpec& spec() {
    if (!param_) throw std::logic_error("field " + column_ + ": a parameter rule before param()");
    return *param_;
  }

  std::string column_;
  Member<R> member_;
  Version since_;
  std::optional<ParamSpec> param_;
  std::optional<nlohmann::json> default_;
  bool updatable_ = false;
  Canonicaliser canonicalise_;
  std::string inventoryKey_;
  Renderer render_;
  std::string holds_;
  std::optional<TagRule> tag_;
};

// A field the inventory has but the table does not store (computed by the plugin's loader):
// `fields=` may pick it; conditions and sorting may not use it.
struct ComputedField {
  std::string inventoryKey;
  FieldType type = FieldType::Text;
  Version since;
  // When the field holds typed objects (or a list of them): their class, for the answer's
  // schema map (zstack/api.h). Empty: plain values.
  SchemaClass holds;
};

template <class R>
class ResourceTable {
  static_assert(std::is_base_of_v<Row, R>, "a resource record derives from sdk::Row");

 public:
  // `name`: the table ("ModelVO"); `inventoryClass`: the class ZStack's server gives its
  // inventories ("org.zstack.ai.entity.ModelInventory"), which answers name to the SDKs;
  // `firstRelease`: the release that created it (and the since-version of uuid, createDate and
  // lastOpDate).
  ResourceTable(std::string name, std::string inventoryClass, const Version& firstRelease,
                std::vector<Field<R>> fields, std::vector<ComputedField> computed = {})
      : name_(std::move(name)), inventoryClass_(std::move(inventoryClass)), computed_(std::move(computed)) {
    fields_.emplace_back("uuid", static_cast<std::string R::*>(&Row::uuid), firstRelease);
    for (Field<R>& field : fields) fields_.push_back(std::move(field));
    fields_.emplace_back("createDate", static_cast<std::tm R::*>(&Row::createDate), firstRelease);
    fields_.emplace_back("lastOpDate", static_cast<std::tm R::*>(&Row::lastOpDate), firstRelease);
    for (const Field<R>& field : fields_) {
      for (const Field<R>& other : fields_) {
        if (&field != &other && field.column() == other.column()) {
          throw std::logic_error(name_ + ": column " + field.column() + " is declared twice");
        }
      }
    }
  }

  const std::string& name() const { return name_; }
  const std::vector<Field<R>>& fields() const { return fields_; }
  // The inventory's class, with the fields that hold typed objects: stored ones, then computed.
  SchemaClass inventoryClass() const {
    SchemaClass out{inventoryClass_, {}};
    for (const Field<R>& field : fields_) {
      if (!field.heldClass().empty() && !field.inventoryKeyName().empty()) {
        out.members.push_back(SchemaMember{field.inventoryKeyName(), SchemaClass{field.heldClass(), {}}});
      }
    }
    for (const ComputedField& field : computed_) {
      if (!field.holds.name.empty()) out.members.push_back(SchemaMember{field.inventoryKey, field.holds});
    }
    return out;
  }
  // An API answer of one inventory: {"inventory": <this class>}.
  std::vector<SchemaMember> inventoryAnswer() const { return {SchemaMember{"inventory", inventoryClass()}}; }
  // The field of `column`; nullptr when the table has none.
  const Field<R>* find(std::string_view column) const {
    for (const Field<R>& field : fields_) {
      if (field.column() == column) return &field;
    }
    return nullptr;
  }

  // --- the API side

  // The create API's parameters from the table, in table order.
  std::vector<ParamSpec> createParams() const {
    std::vector<ParamSpec> params;
    for (const Field<R>& field : fields_) {
      if (field.parameter()) params.push_back(*field.parameter());
    }
    return params;
  }
  // The update API's: the updatable fields' parameters, each optional.
  std::vector<ParamSpec> updateParams() const {
    std::vector<ParamSpec> params;
    for (const Field<R>& field : fields_) {
      if (!field.parameter() || !field.isUpdatable()) continue;
      params.push_back(*field.parameter());
      params.back().required = false;
      params.back().defaultValue.reset();
    }
    return params;
  }

  // --- the query side

  // The inventory's fields that release `release` has: stored ones (with their column, unless
  // rendered), then the computed ones. Secrets are not among them.
  std::vector<QueryField> queryFields(const Version& release) const {
    std::vector<QueryField> out;
    for (const Field<R>& field : fields_) {
      if (field.inventoryKeyName().empty() || field.since() > release) continue;
      out.push_back(QueryField{field.inventoryKeyName(), field.renderer() ? FieldType::Text : field.fieldType(),
                               field.renderer() ? "" : field.column(), field.since()});
    }
    for (const ComputedField& field : computed_) {
      if (field.since <= release) out.push_back(QueryField{field.inventoryKey, field.type, "", field.since});
    }
    return out;
  }

  // The query API of the table (ZStack's QueryXxx) at `release`: its fields and inventory class
  // come from the table, `since` is the API's; the plugin sets `load`.
  QueryDescriptor query(std::string apiName, std::string path, std::string resourceType, const Version& since,
                        std::string zh, std::string en, const Version& release) const {
    QueryDescriptor out;
    out.name = std::move(apiName);
    out.path = std::move(path);
    out.table = name_;
    out.resourceType = std::move(resourceType);
    out.since = since;
    out.descriptionZh = std::move(zh);
    out.descriptionEn = std::move(en);
    out.fields = queryFields(release);
    out.inventoryClass = inventoryClass();
    return out;
  }

  // The inventory of a record: every stored key (null when empty), dates in ZStack's form.
  // The plugin adds its computed keys.
  nlohmann::json inventory(const R& record) const {
    nlohmann::json out = nlohmann::json::object();
    for (const Field<R>& field : fields_) {
      if (field.inventoryKeyName().empty()) continue;
      nlohmann::json stored = std::visit([&](auto member) { return toJson(record.*member); }, field.member());
      out[field.inventoryKeyName()] = field.renderer() ? field.renderer()(stored) : std::move(stored);
    }
    return out;
  }

  // --- tags

  // The system-tag formats of the tag fields, for HostContext::registerSystemTag.
  std::vector<SystemTagFormat> tagFormats(const std::string& resourceType) const {
    std::vector<SystemTagFormat> out;
    for (const Field<R>& field : fields_) {
      if (!field.tagRule()) continue;
      const std::string token = field.tagRule()->token;
      const TagValidator validate = field.tagRule()->validate;
      out.push_back(SystemTagFormat{
          resourceType, field.column() + "::{" + token + "}",
          [token, validate](const std::string& tag, const TagTokens& tokens) {
            const auto it = tokens.find(token);
            return it == tokens.end() ? invalidArgument(tag + ": has no value") : validate(tag, it->second);
          },
          field.tagRule()->descriptionEn});
    }
    return out;
  }

  // --- records from calls

  // The record a create call makes: each parameter field the call gives (canonicalised), else
  // its default; then what the call's system tags say. uuid and the dates are the caller's to
  // set. SYS.1007 when a value or tag is malformed, or one tag key has two values.
  Status fromCreate(const ApiContext& ctx, R& record) const {
    for (const Field<R>& field : fields_) {
      const nlohmann::json* given = field.parameter() ? paramValue(ctx, field.column()) : nullptr;
      if (given) {
        if (Status s = assign(field, *given, record); !s.ok()) return s;
      } else if (field.defaultValue()) {
        if (Status s = assign(field, *field.defaultValue(), record); !s.ok()) return s;
      }
    }
    return applyTags(ctx.systemTags(), record, nullptr);
  }

  // What an update call changes: the updatable fields it gives and the tag fields its tags
  // set, written into `record`; their columns in `columns`.
  Status changes(const ApiContext& ctx, R& record, std::vector<std::string>* columns) const {
    for (const Field<R>& field : fields_) {
      if (!field.parameter() || !field.isUpdatable()) continue;
      const nlohmann::json* given = paramValue(ctx, field.column());
      if (!given) continue;
      if (Status s = assign(field, *given, record); !s.ok()) return s;
      columns->push_back(field.column());
    }
    return applyTags(ctx.systemTags(), record, columns);
  }

  // Sets the tag fields `systemTags` name (others are skipped); their columns join `columns`
  // when it is given.
  Status applyTags(const std::vector<std::string>& systemTags, R& record, std::vector<std::string>* columns) const {
    std::vector<std::pair<const Field<R>*, std::string>> seen;
    for (const std::string& tag : systemTags) {
      const std::size_t sep = tag.find("::");
      if (sep == std::string::npos) continue;
      const Field<R>* field = find(std::string_view(tag).substr(0, sep));
      if (!field || !field->tagRule()) continue;
      const std::string value = tag.substr(sep + 2);
      if (Status s = field->tagRule()->validate(tag, value); !s.ok()) return s;
      bool repeated = false;
      for (const auto& [previous, previousValue] : seen) {
        if (previous != field) continue;
        if (previousValue != value) {
          return invalidArgument("systemTags: " + field->column() + " is given twice with different values (" +
                                 previousValue + ", " + value + ")");
        }
        repeated = true;
      }
      if (repeated) continue;
      seen.emplace_back(field, value);
      if (Status s = assignTagValue(*field, value, record); !s.ok()) return s;
      if (columns) columns->push_back(field->column());
    }
    return Status::OK();
  }

  // --- the schema

  // The columns that exist at `schema` (the plugin version whose scripts the database has).
  std::vector<const Field<R>*> columnsAt(const Version& schema) const {
    std::vector<const Field<R>*> out;
    for (const Field<R>& field : fields_) {
      if (field.since() <= schema) out.push_back(&field);
    }
    return out;
  }

 private:
  // The parameter's value in the call, nullptr when absent or null.
  static const nlohmann::json* paramValue(const ApiContext& ctx, const std::string& name) {
    const nlohmann::json& params = ctx.params();
    if (!params.is_object()) return nullptr;
    const auto it = params.find(name);
    return it == params.end() || it->is_null() ? nullptr : &*it;
  }

  template <typename T>
  static nlohmann::json toJson(const T& value) {
    if constexpr (std::is_same_v<T, std::tm>) {
      return formatZStackDate(fromDbTime(value));
    } else {
      return nlohmann::json(value);
    }
  }
  template <typename T>
  static nlohmann::json toJson(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  }

  // Stores a validated JSON value (the host checked its type and bounds) in the field.
  static Status assign(const Field<R>& field, const nlohmann::json& value, R& record) {
    if (value.is_string() && field.canonicaliser()) {
      std::string canonical;
      if (Status s = field.canonicaliser()(value.get<std::string>(), &canonical); !s.ok()) return s;
      return store(field, nlohmann::json(canonical), record);
    }
    return store(field, value, record);
  }
  static Status store(const Field<R>& field, const nlohmann::json& value, R& record) {
    return std::visit(
        [&](auto member) -> Status {
          auto& target = record.*member;
          using T = std::remove_reference_t<decltype(target)>;
          if constexpr (std::is_same_v<T, std::tm>) {
            return internalError(field.column() + ": a date is never a parameter");
          } else {
            using Value = typename Unwrapped<T>::type;
            if constexpr (std::is_same_v<Value, std::string>) {
              if (!value.is_string()) return invalidArgument(field.column() + " must be a string");
            } else if constexpr (std::is_same_v<Value, bool>) {
              if (!value.is_boolean()) return invalidArgument(field.column() + " must be true or false");
            } else if (!value.is_number_integer()) {
              return invalidArgument(field.column() + " must be an integer");
            }
            target = value.get<Value>();
            return Status::OK();
          }
        },
        field.member());
  }

  // A tag's validated text into the field (an integer or Boolean field parses it; the validator
  // bounded it).
  static Status assignTagValue(const Field<R>& field, const std::string& value, R& record) {
    if (field.fieldType() == FieldType::Boolean) return assign(field, nlohmann::json(value == "true"), record);
    if (field.fieldType() != FieldType::Integer) return assign(field, nlohmann::json(value), record);
    try {
      return assign(field, nlohmann::json(std::stoll(value)), record);
    } catch (const std::exception&) {
      return invalidArgument(field.column() + "::" + value + ": must be an integer");
    }
  }

  template <typename T>
  struct Unwrapped {
    using type = T;
  };
  template <typename T>
  struct Unwrapped<std::optional<T>> {
    using type = T;
  };

  std::string name_;
  std::string inventoryClass_;
  std::vector<Field<R>> fields_;
  std::vector<ComputedField> computed_;
};

}  // namespace zstack::sdk
