// fuzz_tags: the system-tag formats and their validators, SemVer, and the tag pattern matcher.
//
// The input's lines (split at '\n') are a call's system and user tags, checked by
// tags::validateRequestTags for every resource type the registry has formats for (zstack-mn's
// registry, with the ai-model plugin's ModelVO formats, loaded from its .so); the ModelVO tags
// it accepts are then read as the plugin's flows read them (the model table's applyTags). The first two
// lines are also two SemVer versions (ai::SemVer::parse, ai::comparePrecedence), and a format
// and a tag (SystemTagPattern::match); the whole input is a gpuNum list (ai::parseGpuNumList).
//
// Bugs: a crash or sanitizer report, an exception, a refusal that does not render as JSON,
// SYS.1000 (a validator threw), ModelVO tags
// that validateRequestTags accepts and applyTags refuses for another reason than a key
// given twice, a precedence that is not an order, a captured token that is empty, and a gpuNum
// list that does not read back as itself.
#include <compare>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "fuzz_host.h"
#include "gpu_num.h"
#include "semver.h"
#include "tables.h"
#include "tags/tags.h"

namespace zstack {
namespace {

const fuzz::HostRegistry* host = nullptr;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = text.find('\n', start);
    out.push_back(text.substr(start, newline == std::string::npos ? std::string::npos : newline - start));
    if (newline == std::string::npos) return out;
    start = newline + 1;
  }
}

std::strong_ordering reversed(std::strong_ordering order) { return 0 <=> order; }

void checkTags(const std::vector<std::string>& tags) {
  for (const std::string& type : host->registry().tagResourceTypes()) {
    tags::RequestTags accepted;
    const Status status = tags::validateRequestTags(host->registry(), type, tags, tags, &accepted);
    fuzz::checkRenders(status);
    if (!status.ok()) {
      if (status.error().code == codes::kInternal) fuzz::die(type + ": " + status.error().details);
      continue;
    }
    if (type != ai::kModelResourceType) continue;
    ai::ModelRecord model;
    const Status read = ai::modelTable().applyTags(accepted.system, model, nullptr);
    if (!read.ok() && read.error().details.find("is given twice with different values") == std::string::npos) {
      fuzz::die("ModelVO tags accepted by validateRequestTags, refused by applyTags: " + read.error().details);
    }
  }
}

void checkSemVer(const std::string& a, const std::string& b) {
  const auto first = ai::SemVer::parse(a);
  const auto second = ai::SemVer::parse(b);
  if (first && ai::comparePrecedence(*first, *first) != 0) fuzz::die("SemVer " + a + " is not equal to itself");
  if (first && second && ai::comparePrecedence(*first, *second) != reversed(ai::comparePrecedence(*second, *first))) {
    fuzz::die("SemVer precedence of " + a + " and " + b + " is not antisymmetric");
  }
}

void checkPattern(const std::string& format, const std::string& tag) {
  const SystemTagPattern pattern(format);
  TagTokens tokens;
  if (!pattern.match(tag, &tokens)) return;
  for (const auto& [name, value] : tokens) {
    if (value.empty()) fuzz::die("format " + format + " captured an empty " + name + " from " + tag);
  }
}

void checkGpuNum(const std::string& text) {
  const auto counts = ai::parseGpuNumList(text);
  if (!counts) return;
  const auto again = ai::parseGpuNumList(ai::joinGpuNumList(*counts));
  if (!again || *again != *counts) fuzz::die("gpuNum " + text + " does not read back as itself");
}

}  // namespace
}  // namespace zstack

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  zstack::host = &zstack::fuzz::keepUntilExit<zstack::fuzz::HostRegistry>();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zstack;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const std::vector<std::string> tags = lines(text);
    checkTags(tags);
    checkSemVer(tags[0], tags.size() > 1 ? tags[1] : tags[0]);
    checkPattern(tags[0], tags.size() > 1 ? tags[1] : std::string());
    checkGpuNum(text);
  } catch (const std::exception& e) {
    fuzz::die(std::string("exception: ") + e.what());
  }
  return 0;
}
