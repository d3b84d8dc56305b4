// Rows of the ai-model tables (sql/ai-model), one struct per table. Nullable columns are
// std::optional; timestamps are UTC std::tm (zstack/date.h).
#pragma once

#include <ctime>
#include <optional>
#include <string>

namespace zstack::ai {

using OptText = std::optional<std::string>;
using OptLong = std::optional<long long>;

struct Timestamps {
  std::tm createDate{};
  std::tm lastOpDate{};
};

struct ModelCenterRecord : Timestamps {
  std::string uuid;
  std::string name;
  OptText description;
  std::string url;
  std::string managementIp;
  int managementPort = 0;
  OptText parameters;
};

struct ModelServiceRecord : Timestamps {
  std::string uuid;
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
};

struct ModelServiceRefRecord : Timestamps {
  std::string uuid;
  std::string modelUuid;
  std::string modelServiceUuid;
};

struct ModelRecord : Timestamps {
  std::string uuid;
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
  OptText token;  // secret: stored, never rendered
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
  // 5.4.6
  OptText recommendedGpuNum;  // canonical "1,2,4"
  OptText gpuConstraintDescription;
  // 5.5.6
  OptText modelId;
  // 5.5.12
  OptText shareMode;
  // 5.5.22
  OptText defaultModelServiceUuid;
};

}  // namespace zstack::ai
