// The system-tag formats of ModelVO (contract section 4): their validators, and how the
// tags of an AddModel fill the model's columns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zstack/error.h"
#include "zstack/tags.h"

namespace zstack::ai {

inline constexpr char kModelResourceType[] = "ModelVO";

// One validator per rule; `value` is the captured token, `tag` the whole tag (for details).
// Each returns SYS.1007 "<tag>: <rule>" on failure.
Status validateBytesTag(const std::string& tag, const std::string& value);        // integer >= 0, int64
Status validateSemverTag(const std::string& tag, const std::string& value);       // SemVer 2.0.0
Status validateChecksumTag(const std::string& tag, const std::string& value);     // sha256:/sha512: + hex
Status validateArchitectureTag(const std::string& tag, const std::string& value); // 1-64 [A-Za-z0-9_.-]
Status validatePrintableTag(const std::string& tag, const std::string& value);    // 1-64 of 0x20-0x7E
Status validatePipelineTag(const std::string& tag, const std::string& value);     // HF pipeline tag
Status validateSampleSizeTag(const std::string& tag, const std::string& value);   // integer >= 1, int32

// The Hugging Face pipeline tags pipelineTag accepts.
const std::vector<std::string>& huggingFacePipelineTags();

// Every ModelVO format ("minGpuMemory::{bytes}", ...) with its validator, for registerSystemTag.
std::vector<SystemTagFormat> modelTagFormats();

// What the system tags of one model say about its columns.
struct ModelTagValues {
  std::optional<long long> minGpuMemory;
  std::optional<long long> recommendedGpuMemory;
  std::optional<long long> extraGpuMemRequest;
  std::optional<long long> artifactSizeBytes;
  std::optional<std::string> versionSemver;
  std::optional<std::string> artifactChecksum;
  std::optional<std::string> architectureType;
  std::optional<std::string> frameworkVersion;
  std::optional<std::string> requiredAccelerator;
  std::optional<std::string> pipelineTag;
  std::optional<int> sampleSize;
};

// Reads the ModelVO tags among `systemTags` (others, e.g. ephemeral:: ones, are skipped).
// SYS.1007 when a value breaks its rule or one key is given twice with different values.
Status parseModelTags(const std::vector<std::string>& systemTags, ModelTagValues* out);

}  // namespace zstack::ai
