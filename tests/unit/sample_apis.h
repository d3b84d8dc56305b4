// A registry with one API of each kind, for the tests of the OpenAPI document and of
// zstack-cli: a POST create API with every parameter type and a tag format, two PUT actions
// on one path, a DELETE and a GET API with query-string parameters, a query, and an API and
// fields newer than 5.5.0 (to test since-filtering).
#pragma once

#include <gtest/gtest.h>

#include "registry/registry.h"

namespace zstack::testing {

inline ParamSpec sampleParam(const char* name, ParamType type, const char* since = "5.1.8") {
  ParamSpec spec;
  spec.name = name;
  spec.type = type;
  spec.since = Version(since);
  spec.descriptionEn = std::string("the ") + name;
  spec.descriptionZh = std::string("中文 ") + name;
  if (type == ParamType::String || type == ParamType::List) spec.maxLength = 64;
  return spec;
}

inline ParamSpec requiredUuid(const char* name) {
  ParamSpec spec = sampleParam(name, ParamType::String);
  spec.required = true;
  spec.uuid = true;
  spec.maxLength = 32;
  return spec;
}

inline ApiDescriptor sampleApi(const char* name, const char* method, const char* path, const char* parameterName,
                               bool async, std::vector<ParamSpec> params, const char* since = "5.1.8") {
  ApiDescriptor api;
  api.name = name;
  api.method = method;
  api.path = path;
  api.parameterName = parameterName;
  api.async = async;
  api.since = Version(since);
  api.descriptionEn = std::string("Does ") + name;
  api.descriptionZh = std::string("中文 ") + name;
  api.params = std::move(params);
  return api;
}

inline void addSampleApis(Registry& registry) {
  ParamSpec name = sampleParam("name", ParamType::String);
  name.required = true;
  name.nonBlank = true;
  name.maxLength = 255;
  ParamSpec size = sampleParam("size", ParamType::Long);
  size.minValue = 0;
  ParamSpec count = sampleParam("count", ParamType::Integer);
  count.minValue = 1;
  count.maxValue = 10;
  ParamSpec uuids = sampleParam("uuids", ParamType::List);
  uuids.maxLength = 8;
  uuids.maxElementLength = 32;
  uuids.uuid = true;
  ParamSpec labels = sampleParam("labels", ParamType::Map);
  labels.maxLength = 16;
  ParamSpec mode = sampleParam("mode", ParamType::String, "5.5.0");
  mode.validValues = {"Fast", "Slow"};
  ParamSpec secret = sampleParam("secret", ParamType::String);
  secret.secret = true;
  ApiDescriptor create = sampleApi("CreateThing", "POST", "/things", "params", true,
                                   {name, size, count, sampleParam("enabled", ParamType::Boolean), uuids, labels, mode,
                                    secret, sampleParam("newer", ParamType::String, "5.6.0")});
  create.resourceType = "ThingVO";
  ASSERT_TRUE(registry.addApi(create, "things").ok());
  ASSERT_TRUE(registry.addSystemTag({"ThingVO", "color::{name}", [](const std::string&, const TagTokens&) { return Status::OK(); }, "a color"}, "test").ok());

  ASSERT_TRUE(registry.addApi(sampleApi("UpdateThing", "PUT", "/things/{uuid}/actions", "updateThing", false,
                                        {requiredUuid("uuid"), sampleParam("name", ParamType::String)}),
                              "things").ok());
  ParamSpec stateEvent = sampleParam("stateEvent", ParamType::String);
  stateEvent.required = true;
  stateEvent.validValues = {"enable", "disable"};
  ASSERT_TRUE(registry.addApi(sampleApi("ChangeThingState", "PUT", "/things/{uuid}/actions", "changeThingState", true,
                                        {requiredUuid("uuid"), stateEvent}),
                              "things").ok());

  ParamSpec deleteMode = sampleParam("deleteMode", ParamType::String);
  deleteMode.validValues = {"Permissive", "Enforcing"};
  ASSERT_TRUE(registry.addApi(sampleApi("DeleteThing", "DELETE", "/things/{uuid}", "", true, {requiredUuid("uuid"), deleteMode}),
                              "things").ok());
  ASSERT_TRUE(registry.addApi(sampleApi("GetThingStats", "GET", "/things/{uuid}/stats", "", false,
                                        {requiredUuid("uuid"), sampleParam("names", ParamType::List),
                                         sampleParam("verbose", ParamType::Boolean)}),
                              "things").ok());
  ASSERT_TRUE(registry.addApi(sampleApi("CreateGadget", "POST", "/gadgets", "params", true,
                                        {sampleParam("name", ParamType::String, "5.6.0")}, "5.6.0"),
                              "things").ok());

  QueryDescriptor query;
  query.name = "QueryThing";
  query.path = "/things";
  query.table = "ThingVO";
  query.resourceType = "ThingVO";
  query.since = Version("5.1.8");
  query.descriptionEn = "Queries things";
  query.descriptionZh = "查询";
  query.fields = {{"uuid", FieldType::Text, "uuid", Version("5.1.8")},
                  {"name", FieldType::Text, "name", Version("5.1.8")},
                  {"size", FieldType::Integer, "size", Version("5.1.8")},
                  {"enabled", FieldType::Boolean, "enabled", Version("5.1.8")},
                  {"createDate", FieldType::Timestamp, "createDate", Version("5.1.8")},
                  {"refs", FieldType::Text, "", Version("5.1.8")},
                  {"newField", FieldType::Text, "newField", Version("5.6.0")}};
  query.load = [](soci::session&, const std::vector<std::string>&, std::vector<nlohmann::json>*) { return Status::OK(); };
  ASSERT_TRUE(registry.addQuery(query, "things").ok());
}

}  // namespace zstack::testing
