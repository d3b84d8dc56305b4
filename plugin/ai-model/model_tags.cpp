#include "model_tags.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "semver.h"

namespace zstack::ai {
namespace {

Status refuse(const std::string& tag, const char* rule) { return invalidArgument(tag + ": " + rule); }

// A decimal integer of digits only, within [min, max].
std::optional<long long> parseInteger(const std::string& value, long long min, long long max) {
  if (value.empty() || !std::all_of(value.begin(), value.end(), [](unsigned char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  long long number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size() || number < min || number > max) return std::nullopt;
  return number;
}

bool isHex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

}  // namespace

Status validateBytesTag(const std::string& tag, const std::string& value) {
  if (!parseInteger(value, 0, std::numeric_limits<long long>::max())) {
    return refuse(tag, "must be an integer >= 0 that fits in 64 bits");
  }
  return Status::OK();
}

Status validateSemverTag(const std::string& tag, const std::string& value) {
  if (value.size() > 255 || !SemVer::parse(value)) {
    return refuse(tag, "must be a Semantic Versioning 2.0.0 version such as 1.2.3-rc.1+build.5, at most 255 characters");
  }
  return Status::OK();
}

Status validateChecksumTag(const std::string& tag, const std::string& value) {
  const auto matches = [&](const std::string& prefix, std::size_t hexDigits) {
    return value.size() == prefix.size() + hexDigits && value.compare(0, prefix.size(), prefix) == 0 &&
           isHex(value.substr(prefix.size()));
  };
  if (!matches("sha256:", 64) && !matches("sha512:", 128)) {
    return refuse(tag, "must be sha256:<64 hex digits> or sha512:<128 hex digits>");
  }
  return Status::OK();
}

Status validateArchitectureTag(const std::string& tag, const std::string& value) {
  const bool ok = !value.empty() && value.size() <= 64 && std::all_of(value.begin(), value.end(), [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-';
  });
  return ok ? Status::OK() : refuse(tag, "must be 1-64 characters of [A-Za-z0-9_.-]");
}

Status validatePrintableTag(const std::string& tag, const std::string& value) {
  const bool ok = !value.empty() && value.size() <= 64 &&
                  std::all_of(value.begin(), value.end(), [](unsigned char c) { return c >= 0x20 && c <= 0x7E; });
  return ok ? Status::OK() : refuse(tag, "must be 1-64 printable ASCII characters");
}

const std::vector<std::string>& huggingFacePipelineTags() {
  static const std::vector<std::string> kTags = {
      "text-generation", "text2text-generation", "feature-extraction", "fill-mask", "question-answering",
      "summarization", "translation", "text-classification", "token-classification", "zero-shot-classification",
      "sentence-similarity", "conversational", "table-question-answering", "image-classification",
      "image-segmentation", "object-detection", "image-to-text", "text-to-image", "image-to-image",
      "depth-estimation", "zero-shot-image-classification", "visual-question-answering",
      "document-question-answering", "automatic-speech-recognition", "audio-classification", "text-to-speech",
      "text-to-audio", "audio-to-audio", "voice-activity-detection", "video-classification", "text-to-video",
      "reinforcement-learning", "robotics", "tabular-classification", "tabular-regression",
      "time-series-forecasting", "graph-ml", "mask-generation", "zero-shot-object-detection",
      "image-feature-extraction", "any-to-any", "image-text-to-text", "visual-document-retrieval", "text-ranking",
      "unconditional-image-generation", "video-text-to-text"};
  return kTags;
}

Status validatePipelineTag(const std::string& tag, const std::string& value) {
  const auto& tags = huggingFacePipelineTags();
  if (std::find(tags.begin(), tags.end(), value) == tags.end()) {
    return refuse(tag, "must be a Hugging Face pipeline tag such as text-generation or feature-extraction");
  }
  return Status::OK();
}

Status validateSampleSizeTag(const std::string& tag, const std::string& value) {
  if (!parseInteger(value, 1, std::numeric_limits<int>::max())) {
    return refuse(tag, "must be an integer >= 1 that fits in 32 bits");
  }
  return Status::OK();
}

}  // namespace zstack::ai
