// ai-dataset: ZStack's AI datasets (DatasetVO), each of a model center of the ai-model plugin.
// The dataset's fields are one table (dataset.cpp); the APIs, the query, the inventory and
// the statements come from it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zstack/api.h"
#include "zstack/cascade.h"
#include "zstack/flow.h"
#include "zstack/query.h"
#include "zstack/sdk/resource_table.h"
#include "zstack/version.h"

namespace zstack::dataset {

// The plugin's first release, whose schema is V5.5.22__base.sql.
inline const Version kV5522("5.5.22");

inline constexpr char kDatasetResourceType[] = "DatasetVO";
// ai-model's resource type, which a dataset belongs to.
inline constexpr char kModelCenterResourceType[] = "ModelCenterVO";

struct DatasetRecord : sdk::Row {
  std::string name;
  std::optional<std::string> description;
  std::string url;
  std::optional<std::string> installPath;
  std::string modelCenterUuid;
  std::optional<std::string> token;
  long long size = 0;
  bool system = false;
};

const sdk::ResourceTable<DatasetRecord>& datasetTable();

// CreateDataset, UpdateDataset, DeleteDataset (SDK 5.1.20's actions).
std::vector<ApiDescriptor> datasetApis();
// QueryDataset: GET /ai/datasets[/{uuid}].
QueryDescriptor datasetQuery(const Version& release);
// The chains of the APIs, for the schema of `release`.
std::vector<FlowRegistration> datasetFlows(const Version& release);
// When a model center goes, its datasets go with it (ZStack's cascade).
CascadeRegistration modelCenterCascade(const Version& release);

}  // namespace zstack::dataset
