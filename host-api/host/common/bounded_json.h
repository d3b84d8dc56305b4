// JSON from outside the host (request bodies; for zstack-cli, a node's answers), parsed within
// bounds, so that nothing downstream ever walks a document deeper or larger than them.
//
// nlohmann's parser itself keeps no recursion (its state is a bit per level), but copying,
// comparing, dumping and destroying a parsed value all recurse once per level of nesting: 50,000
// nested objects in one request body overflowed the stack of an HTTP thread. The bounds are
// checked while parsing, by a SAX handler that stops the parse where a bound is passed, before
// any value exists to walk.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "zstack/error.h"

namespace zstack {

struct JsonLimits {
  // The most levels of nested objects and arrays; {} and [] at the top are level 1. Every ZStack
  // API body needs fewer than 8.
  int maxDepth = 64;
  // The most values (of any kind, containers included) in one document. A body of 8 MiB could
  // otherwise hold 4 million of them, some 30 times its size once parsed.
  std::size_t maxValues = 100000;
};

// Parses `text` into `out`. SYS.1007 when it is not valid JSON, or nests deeper or holds more
// values than `limits` allow; the details name `what` ("the request body") and the bound.
Status parseBoundedJson(std::string_view text, const JsonLimits& limits, nlohmann::json* out,
                        std::string_view what = "the request body");

// A short rendering of `value` for an error message, made without walking it: a string's first
// 64 characters, a number or a boolean as JSON, and only the kind and size of a container.
std::string jsonPreview(const nlohmann::json& value);

// Text from a request for an error message: at most `maxBytes` of it, cut where a UTF-8
// character starts, with "..." when cut.
std::string textPreview(std::string_view text, std::size_t maxBytes = 128);

}  // namespace zstack
