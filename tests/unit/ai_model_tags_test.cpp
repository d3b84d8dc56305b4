// ai-model: the ModelVO system-tag validators (model_tags.h) and how tags fill a model (tables.cpp).
#include <gtest/gtest.h>

#include <set>

#include "model_tags.h"
#include "tables.h"

namespace zstack::ai {
namespace {

using Validator = Status (*)(const std::string&, const std::string&);

void expectValid(Validator validate, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    const Status status = validate("k::" + value, value);
    EXPECT_TRUE(status.ok()) << "[" << value << "] " << (status.ok() ? "" : status.error().details);
  }
}

void expectInvalid(Validator validate, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    const Status status = validate("k::" + value, value);
    ASSERT_FALSE(status.ok()) << "[" << value << "]";
    EXPECT_EQ(status.error().code, codes::kInvalidArgument);
    EXPECT_EQ(status.error().details.rfind("k::" + value + ": ", 0), 0u) << status.error().details;
  }
}

TEST(AiModelTags, Bytes) {
  expectValid(validateBytesTag, {"0", "1", "4294967296", "9223372036854775807", "007"});
  expectInvalid(validateBytesTag, {"", "-1", "+1", "1.5", "1e9", " 1", "1 ", "abc", "9223372036854775808",
                                   "99999999999999999999999", "0x10"});
}

TEST(AiModelTags, Semver) {
  expectValid(validateSemverTag, {"1.0.0", "2.1.3-rc.1+build.7", "0.0.1-alpha"});
  expectInvalid(validateSemverTag, {"1.0", "v1.0.0", "01.0.0", "1.0.0-01", "", "1.0.0-" + std::string(260, 'a')});
}

TEST(AiModelTags, Checksum) {
  const std::string h64(64, 'a');
  const std::string h128(128, 'F');
  expectValid(validateChecksumTag, {"sha256:" + h64, "sha512:" + h128, "sha256:0123456789abcdefABCDEF" + std::string(42, '0')});
  expectInvalid(validateChecksumTag, {"sha256:" + std::string(63, 'a'), "sha256:" + std::string(65, 'a'),
                                      "sha512:" + h64, "sha256:" + std::string(63, 'a') + "g", "md5:" + h64,
                                      "SHA256:" + h64, h64, "sha256:", "sha256::" + h64});
}

TEST(AiModelTags, Architecture) {
  expectValid(validateArchitectureTag, {"x", "LlamaForCausalLM", "qwen2.5_moe-v1", std::string(64, 'a')});
  expectInvalid(validateArchitectureTag, {"", std::string(65, 'a'), "has space", "a/b", "a:b", "é"});
}

TEST(AiModelTags, Printable) {
  expectValid(validatePrintableTag, {"torch 2.3.1", "~", " ", "NVIDIA A100 (80GB)", std::string(64, '!')});
  expectInvalid(validatePrintableTag, {"", std::string(65, 'a'), "tab\there", "new\nline", "caf\xc3\xa9", "\x7f"});
}

TEST(AiModelTags, PipelineTag) {
  expectValid(validatePipelineTag, {"text-generation", "feature-extraction", "video-text-to-text", "any-to-any",
                                    "text2text-generation", "unconditional-image-generation"});
  expectInvalid(validatePipelineTag, {"", "Text-Generation", "text_generation", "chat", "text-generation "});
  EXPECT_EQ(huggingFacePipelineTags().size(), 46u);
  std::set<std::string> unique(huggingFacePipelineTags().begin(), huggingFacePipelineTags().end());
  EXPECT_EQ(unique.size(), huggingFacePipelineTags().size());
}

TEST(AiModelTags, SampleSize) {
  expectValid(validateSampleSizeTag, {"1", "1000", "2147483647"});
  expectInvalid(validateSampleSizeTag, {"0", "-1", "2147483648", "", "1.0", "ten"});
}

TEST(AiModelTags, FormatsAreTheContractOnes) {
  std::set<std::string> formats;
  for (const SystemTagFormat& format : modelTable().tagFormats(kModelResourceType)) {
    EXPECT_EQ(format.resourceType, "ModelVO");
    EXPECT_TRUE(format.validate);
    EXPECT_FALSE(format.descriptionEn.empty());
    formats.insert(format.format);
  }
  EXPECT_EQ(formats, (std::set<std::string>{
                         "minGpuMemory::{bytes}", "recommendedGpuMemory::{bytes}", "extraGpuMemRequest::{bytes}",
                         "versionSemver::{version}", "artifactChecksum::{checksum}", "artifactSizeBytes::{bytes}",
                         "architectureType::{name}", "frameworkVersion::{text}", "requiredAccelerator::{text}",
                         "pipelineTag::{tag}", "sampleSize::{n}"}));
}

TEST(AiModelTags, RegisteredValidatorsReadTheirToken) {
  for (const SystemTagFormat& format : modelTable().tagFormats(kModelResourceType)) {
    if (format.format != "sampleSize::{n}") continue;
    EXPECT_TRUE(format.validate("sampleSize::5", {{"n", "5"}}).ok());
    const Status bad = format.validate("sampleSize::0", {{"n", "0"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().details, "sampleSize::0: must be an integer >= 1 that fits in 32 bits");
    EXPECT_FALSE(format.validate("sampleSize::", {}).ok());
  }
}

TEST(AiModelTags, TagsFillTheColumns) {
  ModelRecord v;
  std::vector<std::string> columns;
  const Status status = modelTable().applyTags(
      {"minGpuMemory::1024", "recommendedGpuMemory::2048", "extraGpuMemRequest::4294967296",
       "versionSemver::1.2.3-rc.1", "artifactChecksum::sha256:" + std::string(64, 'b'), "artifactSizeBytes::99",
       "architectureType::LlamaForCausalLM", "frameworkVersion::vllm 0.5::x", "requiredAccelerator::NVIDIA A100",
       "pipelineTag::text-generation", "sampleSize::1000", "ephemeral::whatever", "unrelated::tag",
       "minGpuMemory::1024"},
      v, &columns);
  ASSERT_TRUE(status.ok()) << status.error().details;
  EXPECT_EQ(v.minGpuMemory, 1024);
  EXPECT_EQ(v.recommendedGpuMemory, 2048);
  EXPECT_EQ(v.extraGpuMemRequest, 4294967296LL);
  EXPECT_EQ(v.versionSemver, "1.2.3-rc.1");
  EXPECT_EQ(v.artifactChecksum, "sha256:" + std::string(64, 'b'));
  EXPECT_EQ(v.artifactSizeBytes, 99);
  EXPECT_EQ(v.architectureType, "LlamaForCausalLM");
  EXPECT_EQ(v.frameworkVersion, "vllm 0.5::x");  // the last token takes the rest
  EXPECT_EQ(v.requiredAccelerator, "NVIDIA A100");
  EXPECT_EQ(v.pipelineTag, "text-generation");
  EXPECT_EQ(v.sampleSize, 1000);
  // Each column once, though minGpuMemory came twice (with one value).
  EXPECT_EQ(columns, (std::vector<std::string>{"minGpuMemory", "recommendedGpuMemory", "extraGpuMemRequest",
                                               "versionSemver", "artifactChecksum", "artifactSizeBytes",
                                               "architectureType", "frameworkVersion", "requiredAccelerator",
                                               "pipelineTag", "sampleSize"}));
}

TEST(AiModelTags, ConflictsAndBadValuesAreRefused) {
  ModelRecord v;
  Status status = modelTable().applyTags({"minGpuMemory::1", "minGpuMemory::2"}, v, nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, codes::kInvalidArgument);
  EXPECT_NE(status.error().details.find("minGpuMemory"), std::string::npos);
  status = modelTable().applyTags({"sampleSize::0"}, v, nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "sampleSize::0: must be an integer >= 1 that fits in 32 bits");
  v = ModelRecord{};
  ASSERT_TRUE(modelTable().applyTags({}, v, nullptr).ok());
  EXPECT_FALSE(v.minGpuMemory);
  EXPECT_FALSE(v.sampleSize);
}

}  // namespace
}  // namespace zstack::ai
