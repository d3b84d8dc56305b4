// Rows of the ai-model tables (sql/ai-model), one struct per table: the C++ shape only. What
// each member is (column, release, rules, inventory key, tag) is said once, in tables.cpp.
// Nullable columns are std::optional; timestamps are UTC std::tm (zstack/date.h).
#pragma once

#include <optional>
#include <string>

#include "zstack/sdk/resource_table.h"

namespace zstack::ai {

using OptText = std::optional<std::string>;
using OptLong = std::optional<long long>;

struct ModelCenterRecord : sdk::Row {
  std::string name;
  OptText description;
  std::string url;
  std::string managementIp;
  int managementPort = 0;
  OptText parameters;
  OptText storageNetworkUuid;
  OptText serviceNetworkUuid;
  OptText containerRegistry;
  OptText containerNetwork;
  OptText containerStorageNetwork;
};

struct ModelServiceRecord : sdk::Row {
  std::string name;
  OptText description;
  std::string yaml;
  std::string modelCenterUuid;
  int requestCpu = 0;
  long long requestMemory = 0;
  std::string installPath;
  std::string startCommand;
  std::string type;
  std::string framework;
  OptText vendor;
  OptText dockerImage;
  OptText vmImageUuid;
  OptText gpuComputeCapability;
  bool system = false;
  OptText pythonVersion;
  OptText condaVersion;
  OptText zoneUuid;
  OptLong size;
};

struct ModelServiceRefRecord : sdk::Row {
  std::string modelUuid;
  std::string modelServiceUuid;
};

struct ModelRecord : sdk::Row {
  std::string name;
  OptText description;
  std::string installPath;
  OptText parameters;
  std::string modelCenterUuid;
  OptText logo;
  OptText vendor;
  OptText introduction;
  long long size = 0;
  OptText version;
  OptText token;
  std::string type;
  OptLong minGpuMemory;
  OptLong recommendedGpuMemory;
  OptLong extraGpuMemRequest;
  OptText versionSemver;
  OptText artifactChecksum;
  OptLong artifactSizeBytes;
  OptText architectureType;
  OptText frameworkVersion;
  OptText requiredAccelerator;
  OptText pipelineTag;
  std::optional<int> sampleSize;
  OptText recommendedGpuNum;  // canonical "1,2,4"
  OptText gpuConstraintDescription;
  OptText modelId;
  OptText shareMode;
  OptText defaultModelServiceUuid;
};

}  // namespace zstack::ai
