// Assertions shared by the integration tests.
#pragma once

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "host_process.h"

namespace zstack::it {

inline std::string describe(const Reply& reply) {
  return "HTTP " + std::to_string(reply.status) + " " + reply.body.substr(0, 2000);
}

// The body is {"error":{...}} with exactly ZStack's six keys; returns the error object.
inline ::testing::AssertionResult isErrorBody(const Reply& reply, Json* error = nullptr) {
  const Json body = Json::parse(reply.body, nullptr, false);
  if (!body.is_object()) return ::testing::AssertionFailure() << "body is not a JSON object: " << describe(reply);
  if (body.size() != 1 || !body.contains("error") || !body["error"].is_object()) {
    return ::testing::AssertionFailure() << "body is not {\"error\":{...}}: " << describe(reply);
  }
  const Json& e = body["error"];
  std::set<std::string> keys;
  for (const auto& [key, value] : e.items()) keys.insert(key);
  const std::set<std::string> expected = {"code", "description", "details", "elaboration", "opaque", "cause"};
  if (keys != expected) {
    std::string got;
    for (const auto& key : keys) got += key + " ";
    return ::testing::AssertionFailure() << "error keys are [" << got << "]: " << describe(reply);
  }
  if (!e["code"].is_string() || !e["description"].is_string() || !e["details"].is_string()) {
    return ::testing::AssertionFailure() << "code/description/details are not strings: " << describe(reply);
  }
  if (error) *error = e;
  return ::testing::AssertionSuccess();
}

// HTTP status, error code and (optionally) a text the details must contain.
inline ::testing::AssertionResult isError(const Reply& reply, int status, const std::string& code,
                                          const std::string& detailsContain = "") {
  if (reply.status != status) {
    return ::testing::AssertionFailure() << "expected HTTP " << status << " " << code << ", got " << describe(reply);
  }
  Json error;
  if (auto shape = isErrorBody(reply, &error); !shape) return shape;
  if (error["code"] != code) return ::testing::AssertionFailure() << "expected code " << code << ", got " << describe(reply);
  if (!detailsContain.empty() && error["details"].get<std::string>().find(detailsContain) == std::string::npos) {
    return ::testing::AssertionFailure() << "details do not mention '" << detailsContain << "': " << describe(reply);
  }
  return ::testing::AssertionSuccess();
}

inline Json inventoryOf(const Reply& reply) {
  const Json body = Json::parse(reply.body, nullptr, false);
  if (!body.is_object() || !body.contains("inventory")) return Json();
  return body["inventory"];
}

inline std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}

}  // namespace zstack::it
