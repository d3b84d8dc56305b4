// For a plugin's unit tests: an ApiContext and a ResourceService without a host, so that a
// chain's flows run directly on a SOCI session (the host's parameter validation is assumed
// done). Header-only; one FakeContext per call, used by one thread.
#pragma once

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"
#include "zstack/context.h"

namespace zstack::sdk::testing {

// Resources as the host would keep them, in memory: what exists, what the caller may use or
// change, and what the flows did with them.
class FakeResources : public ResourceService {
 public:
  std::map<std::string, std::string> types;  // uuid -> resource type
  std::set<std::string> hidden;              // exist, but the caller may not use them
  std::set<std::string> readOnly;            // the caller may use but not change them
  std::map<std::string, std::string> shareModes;
  std::vector<std::string> requestTagsAttachedTo;
  std::vector<std::string> requestTagsUpdatedOn;
  std::map<std::string, std::vector<std::string>> patterns;
  std::map<std::string, std::string> names;  // uuid -> the name rename() gave it
  std::set<std::string> removed;

  bool exists(const std::string& uuid) override { return types.count(uuid) > 0; }
  Status checkAccess(const std::string& uuid, const std::string& type, Access access,
                     const std::string& field) override {
    const auto it = types.find(uuid);
    if (it == types.end() || it->second != type) return resourceNotFound(field + ": no " + type + " " + uuid);
    if (hidden.count(uuid) || (access == Access::Change && readOnly.count(uuid))) {
      return permissionDenied(field + ": may not touch " + uuid);
    }
    return Status::OK();
  }
  Status create(const std::string& uuid, const std::string&, const std::string& type,
                const std::string& shareMode) override {
    if (exists(uuid)) return operationError("resourceUuid " + uuid + " is already in use");
    types[uuid] = type;
    shareModes[uuid] = shareMode;
    return Status::OK();
  }
  Status attachRequestTags(const std::string& uuid, const std::string&) override {
    requestTagsAttachedTo.push_back(uuid);
    return Status::OK();
  }
  Status updateRequestTags(const std::string& uuid, const std::string&) override {
    requestTagsUpdatedOn.push_back(uuid);
    return Status::OK();
  }
  Status rename(const std::string& uuid, const std::string& name) override {
    names[uuid] = name;
    return Status::OK();
  }
  Status remove(const std::string& uuid) override {
    types.erase(uuid);
    removed.insert(uuid);
    return Status::OK();
  }
  Status attachTagPatterns(const std::string& uuid, const std::string&,
                           const std::vector<std::string>& uuids) override {
    patterns[uuid] = uuids;
    return Status::OK();
  }
};

// One call of `api` by an ordinary account, at a fixed time, with uuids 000...1, 000...2, ...
// from a counter the contexts of a test share.
class FakeContext : public ApiContext {
 public:
  FakeContext(soci::session& sql, ResourceService& resources, ApiDescriptor api, nlohmann::json params,
              std::vector<std::string> systemTags = {})
      : sql_(sql), resources_(resources), api_(std::move(api)), params_(std::move(params)),
        systemTags_(std::move(systemTags)) {}

  const std::string& apiName() const override { return api_.name; }
  const ApiDescriptor& api() const override { return api_; }
  const Version& apiVersion() const override { return version_; }
  const nlohmann::json& params() const override { return params_; }
  const std::vector<std::string>& systemTags() const override { return systemTags_; }
  const std::vector<std::string>& userTags() const override { return userTags_; }
  const Caller& caller() const override { return caller_; }
  soci::session& sql() override { return sql_; }
  SqlDialect dialect() const override { return SqlDialect::SQLite; }
  ResourceService& resources() override { return resources_; }
  nlohmann::json& data() override { return data_; }
  void setResult(nlohmann::json result) override { result_ = std::move(result); }
  std::string newUuid() override {
    static int counter = 0;
    char buffer[33];
    std::snprintf(buffer, sizeof buffer, "%032x", ++counter);
    return buffer;
  }
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::from_time_t(1800000000); }

  // What setResult() was given.
  const nlohmann::json& result() const { return result_; }

 private:
  soci::session& sql_;
  ResourceService& resources_;
  ApiDescriptor api_;
  nlohmann::json params_;
  std::vector<std::string> systemTags_;
  std::vector<std::string> userTags_;
  Version version_{"5.5.22"};
  Caller caller_{"account", "user", "session", false};
  nlohmann::json data_ = nlohmann::json::object();
  nlohmann::json result_;
};

}  // namespace zstack::sdk::testing
