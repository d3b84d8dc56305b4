// The rules of ModelVO's system tags (contract section 4). The formats themselves, and the
// columns they fill, are rows of the model's field table (tables.cpp).
#pragma once

#include <string>
#include <vector>

#include "zstack/error.h"

namespace zstack::ai {

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

}  // namespace zstack::ai
