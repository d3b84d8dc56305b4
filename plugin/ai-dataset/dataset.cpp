#include "dataset.h"

#include <memory>
#include <utility>

#include <nlohmann/json.hpp>

#include "zstack/sdk/api_builder.h"
#include "zstack/sdk/flows.h"
#include "zstack/sdk/table_dao.h"

namespace zstack::dataset {
namespace {

using nlohmann::json;

constexpr char kCreateDataset[] = "CreateDataset";
constexpr char kUpdateDataset[] = "UpdateDataset";
constexpr char kDeleteDataset[] = "DeleteDataset";
// ctx.data() key holding the dataset's uuid for the inventory flow.
constexpr char kDatasetUuidKey[] = "datasetUuid";

sdk::ResourceKind<DatasetRecord> datasetKind() { return {datasetTable(), kDatasetResourceType, kDatasetUuidKey}; }

// The model center a CreateDataset names is the caller's to use; the common create parameters
// are sound.
class ValidateDatasetFlow : public Flow {
 public:
  std::string name() const override { return "ValidateDatasetFlow"; }
  Status run(ApiContext& ctx) override {
    if (Status s = sdk::checkParamAccess(ctx, "modelCenterUuid", kModelCenterResourceType, Access::Use); !s.ok()) {
      return s;
    }
    return sdk::checkCreateParams(ctx);
  }
};

// Deletes the dataset named by `uuid`; the result is {}.
class DeleteDatasetFlow : public sdk::VersionedFlow {
 public:
  explicit DeleteDatasetFlow(Version release) : VersionedFlow(std::move(release)) {}
  std::string name() const override { return "DeleteDatasetFlow"; }
  Status run(ApiContext& ctx) override {
    sdk::TableDao<DatasetRecord> datasets(ctx.sql(), datasetTable(), schema_);
    if (Status s = sdk::removeResource(ctx, datasets, sdk::textParam(ctx, "uuid").value_or("")); !s.ok()) return s;
    ctx.setResult(json::object());
    return Status::OK();
  }
};

}  // namespace

const sdk::ResourceTable<DatasetRecord>& datasetTable() {
  using F = sdk::Field<DatasetRecord>;
  using D = DatasetRecord;
  static const sdk::ResourceTable<DatasetRecord> table(
      "DatasetVO", "org.zstack.ai.entity.DatasetInventory", kV5522,
      {
          F("name", &D::name, kV5522).param("资源名称", "resource name").required().nonBlank().max(255).updatable(),
          F("description", &D::description, kV5522).param("资源的详细描述", "description").max(2048).updatable(),
          F("url", &D::url, kV5522).param("数据集的地址", "where the dataset is fetched from").required().nonBlank()
              .max(2048),
          F("installPath", &D::installPath, kV5522),
          // Not uuid-form checked: an unknown value answers SYS.1003, as ZStack does.
          F("modelCenterUuid", &D::modelCenterUuid, kV5522).param("模型中心的UUID", "the owning model center")
              .required().max(255),
          F("token", &D::token, kV5522)
              .param("访问数据集的令牌", "access token for the dataset's source; stored, never returned").max(2048)
              .secret(),
          F("size", &D::size, kV5522).byDefault(0),
          F("system", &D::system, kV5522).param("是否为系统数据集", "whether the dataset is a system one")
              .byDefault(false),
      });
  return table;
}

std::vector<ApiDescriptor> datasetApis() {
  const auto uuid = [](const char* zh) { return sdk::pathUuid("uuid", kV5522, zh, "the dataset"); };
  std::vector<ParamSpec> update = {uuid("数据集的UUID")};
  for (ParamSpec& spec : datasetTable().updateParams()) update.push_back(std::move(spec));
  return {
      sdk::withAnswer(sdk::describeCreateApi(kCreateDataset, {"POST", "/ai/datasets", "params"}, kDatasetResourceType,
                                             kV5522, "创建数据集", "Adds a dataset to a model center",
                                             datasetTable().createParams()),
                      datasetTable().inventoryAnswer()),
      sdk::withAnswer(sdk::describeApi(kUpdateDataset, {"PUT", "/ai/datasets/{uuid}", "updateDataset"},
                                       kDatasetResourceType, kV5522, "更新数据集",
                                       "Updates a dataset; absent fields stay as they are", std::move(update)),
                      datasetTable().inventoryAnswer()),
      sdk::describeApi(kDeleteDataset, {"DELETE", "/ai/datasets/{uuid}", ""}, "", kV5522, "删除数据集",
                       "Deletes a dataset with its tags", {uuid("数据集的UUID")}),
  };
}

QueryDescriptor datasetQuery(const Version& release) {
  QueryDescriptor query = datasetTable().query("QueryDataset", "/ai/datasets", kDatasetResourceType, kV5522, "查询数据集",
                                                "Query datasets", release);
  query.load = [release](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = sdk::TableDao<DatasetRecord>(sql, datasetTable(), release).inventories(uuids);
    return Status::OK();
  };
  return query;
}

std::vector<FlowRegistration> datasetFlows(const Version& release) {
  const auto inventory = std::make_shared<sdk::InventoryFlow>(
      "DatasetInventoryFlow", kDatasetUuidKey, [release](soci::session& sql, const std::string& uuid) {
        return sdk::TableDao<DatasetRecord>(sql, datasetTable(), release).inventory(uuid);
      });
  const auto change = std::make_shared<sdk::CheckAccessFlow>("uuid", kDatasetResourceType, Access::Change);
  return {
      {kCreateDataset, sdk::kValidateOrder, std::make_shared<ValidateDatasetFlow>()},
      {kCreateDataset, sdk::kPersistOrder, std::make_shared<sdk::CreateResourceFlow<DatasetRecord>>(datasetKind(), release)},
      {kCreateDataset, sdk::kInventoryOrder, inventory},
      {kUpdateDataset, sdk::kValidateOrder, change},
      {kUpdateDataset, sdk::kPersistOrder, std::make_shared<sdk::UpdateResourceFlow<DatasetRecord>>(datasetKind(), release)},
      {kUpdateDataset, sdk::kInventoryOrder, inventory},
      {kDeleteDataset, sdk::kValidateOrder, change},
      {kDeleteDataset, sdk::kPersistOrder, std::make_shared<DeleteDatasetFlow>(release)},
  };
}

CascadeRegistration modelCenterCascade(const Version& release) {
  return {kModelCenterResourceType, "deleteDatasetsOfModelCenter",
          [release](ApiContext& ctx, const std::string& center) -> Status {
            sdk::TableDao<DatasetRecord> datasets(ctx.sql(), datasetTable(), release);
            for (const std::string& uuid : datasets.uuidsWhere("modelCenterUuid", center)) {
              if (Status s = sdk::removeResource(ctx, datasets, uuid); !s.ok()) return s;
            }
            return Status::OK();
          }};
}

}  // namespace zstack::dataset
