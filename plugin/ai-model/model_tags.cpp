#include "model_tags.h"

#include <algorithm>
#include <charconv>
#include <limits>

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

using Validator = Status (*)(const std::string& tag, const std::string& value);
using Store = void (*)(ModelTagValues& values, const std::string& value);

// One ModelVO format: "<key>::{<token>}", its rule, and the column it fills.
struct TagFormat {
  const char* key;
  const char* token;
  Validator validate;
  Store store;
  const char* descriptionEn;
};

template <std::optional<long long> ModelTagValues::*Field>
void storeLong(ModelTagValues& values, const std::string& value) {
  values.*Field = std::stoll(value);
}

template <std::optional<std::string> ModelTagValues::*Field>
void storeText(ModelTagValues& values, const std::string& value) {
  values.*Field = value;
}

void storeSampleSize(ModelTagValues& values, const std::string& value) { values.sampleSize = std::stoi(value); }

const std::vector<TagFormat>& tagFormats() {
  static const std::vector<TagFormat> kFormats = {
      {"minGpuMemory", "bytes", validateBytesTag, storeLong<&ModelTagValues::minGpuMemory>,
       "minimum GPU memory in bytes (integer >= 0)"},
      {"recommendedGpuMemory", "bytes", validateBytesTag, storeLong<&ModelTagValues::recommendedGpuMemory>,
       "recommended GPU memory in bytes (integer >= 0)"},
      {"extraGpuMemRequest", "bytes", validateBytesTag, storeLong<&ModelTagValues::extraGpuMemRequest>,
       "extra GPU memory requested in bytes (integer >= 0)"},
      {"versionSemver", "version", validateSemverTag, storeText<&ModelTagValues::versionSemver>,
       "the model's Semantic Versioning 2.0.0 version"},
      {"artifactChecksum", "checksum", validateChecksumTag, storeText<&ModelTagValues::artifactChecksum>,
       "checksum of the model artifact: sha256:<64 hex> or sha512:<128 hex>"},
      {"artifactSizeBytes", "bytes", validateBytesTag, storeLong<&ModelTagValues::artifactSizeBytes>,
       "size of the model artifact in bytes (integer >= 0)"},
      {"architectureType", "name", validateArchitectureTag, storeText<&ModelTagValues::architectureType>,
       "model architecture, 1-64 of [A-Za-z0-9_.-]"},
      {"frameworkVersion", "text", validatePrintableTag, storeText<&ModelTagValues::frameworkVersion>,
       "framework version, 1-64 printable ASCII characters"},
      {"requiredAccelerator", "text", validatePrintableTag, storeText<&ModelTagValues::requiredAccelerator>,
       "required accelerator, 1-64 printable ASCII characters"},
      {"pipelineTag", "tag", validatePipelineTag, storeText<&ModelTagValues::pipelineTag>,
       "Hugging Face pipeline tag, e.g. text-generation"},
      {"sampleSize", "n", validateSampleSizeTag, storeSampleSize, "sample size (integer >= 1), SAMPLE_SIZE"},
  };
  return kFormats;
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

std::vector<SystemTagFormat> modelTagFormats() {
  std::vector<SystemTagFormat> out;
  for (const TagFormat& format : tagFormats()) {
    const std::string token = format.token;
    const Validator validate = format.validate;
    out.push_back(SystemTagFormat{
        kModelResourceType, std::string(format.key) + "::{" + token + "}",
        [token, validate](const std::string& tag, const TagTokens& tokens) {
          const auto it = tokens.find(token);
          return it == tokens.end() ? refuse(tag, "has no value") : validate(tag, it->second);
        },
        format.descriptionEn});
  }
  return out;
}

Status parseModelTags(const std::vector<std::string>& systemTags, ModelTagValues* out) {
  ModelTagValues values;
  std::vector<std::pair<const TagFormat*, std::string>> seen;
  for (const std::string& tag : systemTags) {
    const std::size_t sep = tag.find("::");
    if (sep == std::string::npos) continue;
    const std::string key = tag.substr(0, sep);
    const auto& formats = tagFormats();
    const auto format = std::find_if(formats.begin(), formats.end(), [&](const TagFormat& f) { return key == f.key; });
    if (format == formats.end()) continue;
    const std::string value = tag.substr(sep + 2);
    if (Status status = format->validate(tag, value); !status.ok()) return status;
    for (const auto& [previous, previousValue] : seen) {
      if (previous == &*format && previousValue != value) {
        return invalidArgument("systemTags: " + key + " is given twice with different values (" + previousValue +
                               ", " + value + ")");
      }
    }
    seen.emplace_back(&*format, value);
    format->store(values, value);
  }
  *out = std::move(values);
  return Status::OK();
}

}  // namespace zstack::ai
