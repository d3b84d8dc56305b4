#include "apidoc/apidoc.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "query/query_parser.h"
#include "registry/fixed_apis.h"

namespace zstack::apidoc {
namespace {

// A session, or a signature with an access key (docs/clients.md).
constexpr char kCredentialHeaders[] =
    "`Authorization: OAuth <sessionUuid>`, or `Authorization: ZStack <AccessKeyID>:<signature>` with `Date`";

struct Words {
  const char* title;
  const char* request;
  const char* headers;
  const char* noSession;
  const char* body;
  const char* example;
  const char* params;
  const char* columns;
  const char* optional;
  const char* inBody;
  const char* tagsBody;
  const char* inUrl;
  const char* inQuery;
  const char* systemTags;
  const char* userTags;
  const char* async;
  const char* sync;
  const char* sharedPath;
  const char* maxLength;
  const char* maxItems;
  const char* uuidForm;
  const char* secret;
  const char* nonBlank;
  // Query APIs.
  const char* query;
  const char* oneByUuid;
  const char* conditions;
  const char* tagConditions;
  const char* limit;
  const char* start;
  const char* count;
  const char* replyWithCount;
  const char* sort;
  const char* sortBy;
  const char* sortDirection;
  const char* fieldsParam;
  const char* fields;
  const char* fieldColumns;
  const char* queryable;
  const char* inventoryOnly;
  const char* defaultValue;
};

const Words kChinese{
    "API 参考", "API请求", "Headers", "无需会话", "Body", "示例", "参数列表",
    "| 名字 | 类型 | 位置 | 描述 | 可选值 | 起始版本 |\n|---|---|---|---|---|---|\n",
    " (可选)", "body(包含在%s结构中)", "body", "url", "query", "系统标签", "用户标签",
    "异步 API:返回 202 与 location,轮询 /zstack/v1/api-jobs/{uuid}", "同步 API",
    "与 %s 共用此路径:body 中的键名决定调用哪个 API。", "最长 %zu", "最多 %zu 项", "UUID 格式",
    "保密:不返回、不记录", "不可为空",
    "查询 API:ZStack 查询条件、分页与排序", "只查询该 UUID 的资源(GET 路径/{uuid})",
    "查询条件,逐条与:<字段><操作符><值>,操作符为 = != > >= < <= ~=(LIKE,通配符 % 与 _) !~= ?=(IN,逗号分隔) "
    "!?=;或 '<字段> is null'、'<字段> not null'",
    "__systemTag__ 与 __userTag__ 条件匹配资源的标签", "最多返回的条数,默认 %s", "跳过的条数",
    "只返回匹配的条数(total)", "同时返回匹配的条数(total)", "+字段(升序)或 -字段(降序)", "排序字段",
    "排序方向,默认 asc", "只返回这些字段(逗号分隔)", "可查询字段",
    "| 名字 | 类型 | 可用于条件与排序 | 起始版本 |\n|---|---|---|---|\n", "是", "否(仅在清单中)", "默认 %s"};
const Words kEnglish{
    "API reference", "Request", "Headers", "none (no session needed)", "Body", "Example", "Parameters",
    "| name | type | location | description | valid values | since |\n|---|---|---|---|---|---|\n",
    " (optional)", "body (inside %s)", "body", "url", "query", "system tags", "user tags",
    "asynchronous: answers 202 with a location; poll /zstack/v1/api-jobs/{uuid}", "synchronous",
    "Shares this path with %s: the body's key picks the API.", "at most %zu", "at most %zu items", "uuid form",
    "secret: never returned or logged", "not blank",
    "query API: ZStack's query conditions, paging and sorting", "only the resource of this uuid (GET path/{uuid})",
    "conditions, AND-ed: <field><op><value> with op one of = != > >= < <= ~= (LIKE, % and _ wildcards) !~= "
    "?= (IN, comma-separated) !?=, or '<field> is null', '<field> not null'",
    "__systemTag__ and __userTag__ conditions match the resource's tags", "at most this many (default %s)",
    "skip this many first", "answer only the number of matches (total)", "also answer the number of matches (total)",
    "+field (ascending) or -field (descending)", "the field to sort by", "sort direction; default asc",
    "only these fields (comma-separated)", "Fields",
    "| name | type | in conditions and sorting | since |\n|---|---|---|---|\n", "yes", "no (inventory only)", "default %s"};

const Words& wordsFor(Language language) { return language == Language::Chinese ? kChinese : kEnglish; }

std::string format(const char* pattern, const std::string& value) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, value.c_str());
  return buffer;
}

std::string rules(const ParamSpec& spec, const Words& words) {
  std::string out;
  auto add = [&](const std::string& rule) { out += (out.empty() ? "" : "; ") + rule; };
  if (spec.nonBlank) add(words.nonBlank);
  if (spec.maxLength) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, spec.type == ParamType::List ? words.maxItems : words.maxLength,
                  spec.maxLength);
    add(buffer);
  }
  if (spec.minValue) add(">= " + std::to_string(*spec.minValue));
  if (spec.maxValue) add("<= " + std::to_string(*spec.maxValue));
  if (spec.uuid) add(words.uuidForm);
  if (spec.secret) add(words.secret);
  if (spec.defaultValue) add(format(words.defaultValue, spec.defaultValue->dump()));
  return out;
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : ", ") + value;
  return out;
}

bool isBodyMethod(const std::string& method) { return method == "POST" || method == "PUT"; }

std::string exampleValue(ParamType type) {
  switch (type) {
    case ParamType::String: return "\"...\"";
    case ParamType::List: return "[]";
    case ParamType::Map: return "{}";
    case ParamType::Boolean: return "false";
    case ParamType::Long:
    case ParamType::Integer: return "0";
  }
  return "null";
}

void row(std::ostringstream& out, const std::string& name, bool required, const char* type, const std::string& location,
         const std::string& description, const std::string& values, const std::string& since, const Words& words) {
  out << "| " << name << (required ? "" : words.optional) << " | " << type << " | " << location << " | " << description
      << " | " << values << " | " << since << " |\n";
}

// The other APIs on the same PUT path (actions), which the body key tells apart.
std::vector<std::string> sharingPath(const Registry& registry, const ApiDescriptor& api) {
  std::vector<std::string> names;
  for (const RegisteredApi* other : registry.apis()) {
    const ApiDescriptor& o = other->descriptor;
    if (o.name != api.name && o.method == api.method && o.path == api.path) names.push_back(o.name);
  }
  return names;
}

// `needsSession`: false for login and logout (a session uuid is logout's credential).
void renderApi(std::ostringstream& out, const Registry& registry, const ApiDescriptor& api, bool needsSession,
               Language language) {
  const Words& words = wordsFor(language);
  const std::string& description = language == Language::Chinese ? api.descriptionZh : api.descriptionEn;
  const bool body = isBodyMethod(api.method);
  const PathTemplate route(api.path);
  auto isVariable = [&](const std::string& name) {
    return std::find(route.variables().begin(), route.variables().end(), name) != route.variables().end();
  };
  out << "## " << api.name << "\n\n" << description << " (" << (api.async ? words.async : words.sync) << ")\n\n";
  out << "### " << words.request << "\n\n`" << api.method << " /zstack/v1" << api.path << "`\n\n";
  if (const std::vector<std::string> others = sharingPath(registry, api); !others.empty()) {
    out << format(words.sharedPath, joined(others)) << "\n\n";
  }
  out << words.headers << ": " << (needsSession ? kCredentialHeaders : words.noSession) << "\n\n";
  const bool tagged = !api.resourceType.empty();
  if (body) {
    std::string fields;
    for (const ParamSpec& spec : api.params) {
      if (!spec.required || isVariable(spec.name)) continue;
      fields += (fields.empty() ? "\n" : ",\n") + ("    \"" + spec.name + "\": ") + exampleValue(spec.type);
    }
    out << words.body << ":\n\n```json\n{\n  \"" << api.parameterName << "\": {" << fields << (fields.empty() ? "}" : "\n  }")
        << (tagged ? ",\n  \"systemTags\": [],\n  \"userTags\": []" : "") << "\n}\n```\n\n";
  } else {
    std::string query;
    for (const ParamSpec& spec : api.params) {
      if (spec.required && !isVariable(spec.name)) query += (query.empty() ? "?" : "&") + spec.name + "=...";
    }
    out << words.example << ": `" << api.method << " /zstack/v1" << api.path << query << "`\n\n";
  }
  out << "### " << words.params << "\n\n" << words.columns;
  const std::string location = body ? format(words.inBody, api.parameterName) : words.inQuery;
  for (const ParamSpec& spec : api.params) {
    row(out, spec.name, spec.required, paramTypeName(spec.type), isVariable(spec.name) ? words.inUrl : location,
        describeParam(spec, language), joined(spec.validValues), spec.since.str(), words);
  }
  if (tagged) {
    const std::string tagLocation = body ? words.tagsBody : words.inQuery;
    row(out, "systemTags", false, "List", tagLocation, words.systemTags, "", api.since.str(), words);
    row(out, "userTags", false, "List", tagLocation, words.userTags, "", api.since.str(), words);
  }
  out << "\n";
}

const char* fieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::Text: return "String";
    case FieldType::Integer: return "Integer";
    case FieldType::Boolean: return "Boolean";
    case FieldType::Timestamp: return "Timestamp";
  }
  return "String";
}

void renderQuery(std::ostringstream& out, const QueryDescriptor& query, Language language) {
  const Words& words = wordsFor(language);
  const std::string& description = language == Language::Chinese ? query.descriptionZh : query.descriptionEn;
  const std::string since = query.since.str();
  out << "## " << query.name << "\n\n" << description << " (" << words.query << ")\n\n";
  out << "### " << words.request << "\n\n`GET /zstack/v1" << query.path << "?q=<condition>&...`\n\n`GET /zstack/v1"
      << query.path << "/{uuid}`\n\n";
  out << words.headers << ": " << kCredentialHeaders << "\n\n";
  out << "### " << words.params << "\n\n" << words.columns;
  std::string conditions = words.conditions;
  if (!query.resourceType.empty()) conditions += std::string("; ") + words.tagConditions;
  row(out, "uuid", false, "String", words.inUrl, words.oneByUuid, "", since, words);
  row(out, "q", false, "List", words.inQuery, conditions, "", since, words);
  row(out, "limit", false, "Integer", words.inQuery, format(words.limit, std::to_string(query::kDefaultLimit)),
      "", since, words);
  row(out, "start", false, "Integer", words.inQuery, words.start, "", since, words);
  row(out, "count", false, "Boolean", words.inQuery, words.count, "", since, words);
  row(out, "replyWithCount", false, "Boolean", words.inQuery, words.replyWithCount, "", since, words);
  row(out, "sort", false, "String", words.inQuery, words.sort, "", since, words);
  row(out, "sortBy", false, "String", words.inQuery, words.sortBy, "", since, words);
  row(out, "sortDirection", false, "String", words.inQuery, words.sortDirection, "asc, desc", since, words);
  row(out, "fields", false, "List", words.inQuery, words.fieldsParam, "", since, words);
  out << "\n### " << words.fields << "\n\n" << words.fieldColumns;
  for (const QueryField& field : query.fields) {
    const bool queryable = !field.column.empty();
    out << "| " << field.name << " | " << (queryable ? fieldTypeName(field.type) : "") << " | "
        << (queryable ? words.queryable : words.inventoryOnly) << " | " << field.since.str() << " |\n";
  }
  out << "\n";
}

}  // namespace

std::string describeParam(const ParamSpec& spec, Language language) {
  std::string detail = language == Language::Chinese ? spec.descriptionZh : spec.descriptionEn;
  const std::string rule = rules(spec, wordsFor(language));
  if (!rule.empty()) detail += (detail.empty() ? "" : " (") + rule + (detail.empty() ? "" : ")");
  return detail;
}

std::string render(const Registry& registry, Language language) {
  std::ostringstream out;
  out << "# " << wordsFor(language).title << "\n\n"
      << "<!-- Generated by zstack-apidoc from the registered parameter tables; do not edit. -->\n\n";
  for (const ApiDescriptor& api : fixedApis()) renderApi(out, registry, api, false, language);
  for (const RegisteredApi* api : registry.apis()) renderApi(out, registry, api->descriptor, true, language);
  for (const RegisteredQuery* query : registry.queries()) renderQuery(out, query->descriptor, language);
  return out.str();
}

}  // namespace zstack::apidoc
