// CreateTag: ZStack's tag patterns (TagPatternVO), which AddModel's tagUuids refer to.
#include <soci/soci.h>

#include "tags/tags.h"
#include "zstack/date.h"

namespace zstack::tags {
namespace {

using nlohmann::json;

std::string stringParam(const json& params, const char* name, const std::string& fallback = "") {
  auto it = params.find(name);
  return it == params.end() || it->is_null() ? fallback : it->get<std::string>();
}

class CreateTagPatternFlow : public Flow {
 public:
  std::string name() const override { return "CreateTagPatternFlow"; }

  Status run(ApiContext& ctx) override {
    const json& params = ctx.params();
    const std::string uuid = stringParam(params, "resourceUuid", ctx.newUuid());
    const std::string name = params.at("name").get<std::string>();
    const std::string value = params.at("value").get<std::string>();
    const std::string description = stringParam(params, "description");
    const std::string color = stringParam(params, "color");
    const std::string type = stringParam(params, "type", "simple");
    if (Status status = ctx.resources().create(uuid, name, "TagPatternVO", ""); !status.ok()) return status;
    const std::tm now = toDbTime(ctx.now());
    soci::indicator descriptionSet = params.contains("description") && !params["description"].is_null() ? soci::i_ok : soci::i_null;
    soci::indicator colorSet = params.contains("color") && !params["color"].is_null() ? soci::i_ok : soci::i_null;
    ctx.sql() << "INSERT INTO TagPatternVO (uuid, name, value, description, color, type, createDate, lastOpDate)"
                 " VALUES (:uuid, :name, :value, :description, :color, :type, :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(name, "name"), soci::use(value, "value"),
        soci::use(description, descriptionSet, "description"), soci::use(color, colorSet, "color"),
        soci::use(type, "type"), soci::use(now, "created"), soci::use(now, "updated");
    if (Status status = ctx.resources().attachRequestTags(uuid, "TagPatternVO"); !status.ok()) return status;
    const std::string date = formatZStackDate(fromDbTime(now));
    ctx.setResult(json{{"inventory",
                        {{"uuid", uuid},
                         {"name", name},
                         {"value", value},
                         {"description", descriptionSet == soci::i_ok ? json(description) : json()},
                         {"color", colorSet == soci::i_ok ? json(color) : json()},
                         {"type", type},
                         {"createDate", date},
                         {"lastOpDate", date}}}});
    return Status::OK();
  }
};

ApiDescriptor createTagApi() {
  const Version since("5.1.8");
  ApiDescriptor api;
  api.name = "CreateTag";
  api.method = "POST";
  api.path = "/tags";
  api.parameterName = "params";
  api.async = true;
  api.resourceType = "TagPatternVO";
  api.since = since;
  api.descriptionZh = "创建标签";
  api.descriptionEn = "Create a tag (a tag pattern resources can be tagged with)";
  auto text = [&](const char* name, bool required, std::size_t maxLength, const char* zh, const char* en) {
    ParamSpec spec;
    spec.name = name;
    spec.required = required;
    spec.nonBlank = required;
    spec.maxLength = maxLength;
    spec.since = since;
    spec.descriptionZh = zh;
    spec.descriptionEn = en;
    return spec;
  };
  api.params.push_back(text("name", true, 128, "标签名称", "tag name"));
  api.params.push_back(text("value", true, 128, "标签值", "tag value"));
  api.params.push_back(text("description", false, 2048, "标签的详细描述", "description"));
  api.params.push_back(text("color", false, 64, "标签颜色", "display color"));
  ParamSpec type = text("type", false, 32, "标签类型", "tag type");
  type.validValues = {"simple", "withToken"};
  api.params.push_back(type);
  ParamSpec resourceUuid = text("resourceUuid", false, 32, "资源UUID", "caller-chosen uuid");
  resourceUuid.uuid = true;
  api.params.push_back(resourceUuid);
  return api;
}

}  // namespace

Status registerTagApis(Registry& registry) {
  if (Status status = registry.addApi(createTagApi(), "host"); !status.ok()) return status;
  for (QueryDescriptor& query : tagQueries()) {
    if (Status status = registry.addQuery(std::move(query), "host"); !status.ok()) return status;
  }
  return registry.addFlow(FlowRegistration{"CreateTag", 100, std::make_shared<CreateTagPatternFlow>()});
}

}  // namespace zstack::tags
