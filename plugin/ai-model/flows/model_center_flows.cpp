#include "flows/model_center_flows.h"

#include "api_table.h"
#include "dao/model_center_dao.h"
#include "flows/common.h"

namespace zstack::ai {

Status PersistModelCenterFlow::run(ApiContext& ctx) {
  return guardDatabase(name(), [&]() -> Status {
    ModelCenterRecord r;
    r.name = textParam(ctx, "name").value_or("");
    if (Status s = createResource(ctx, kModelCenterResourceType, r.name, "", r.uuid); !s.ok()) return s;
    ctx.data()[kModelCenterUuidKey] = r.uuid;
    static_cast<Timestamps&>(r) = nowTimestamps(ctx);
    r.description = textParam(ctx, "description");
    r.url = textParam(ctx, "url").value_or("");
    r.managementIp = textParam(ctx, "managementIp").value_or("");
    r.managementPort = static_cast<int>(integerParam(ctx, "managementPort").value_or(0));
    r.parameters = textParam(ctx, "parameters");
    ModelCenterDao(ctx.sql()).insert(r);
    return ctx.resources().attachRequestTags(r.uuid, kModelCenterResourceType);
  });
}

}  // namespace zstack::ai
