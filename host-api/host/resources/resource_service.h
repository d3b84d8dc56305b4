// ResourceService on one transaction: ownership (ResourceVO, AccountResourceRefVO,
// SharedResourceVO) and tags (SystemTagVO, UserTagVO) of the resources an API call creates,
// and the registered cascades (zstack/cascade.h) of the resources it removes.
#pragma once

#include <string>
#include <vector>

#include "common/env.h"
#include "registry/registry.h"
#include "tags/tags.h"
#include "zstack/context.h"

namespace zstack {

class TransactionResources : public ResourceService {
 public:
  // `tags` are the call's validated tags, stored by attachRequestTags(). remove() runs the
  // cascades `registry` holds for the removed resource's type with `call`, the API call's
  // context (whose resources() this is).
  TransactionResources(soci::session& sql, const Caller& caller, Env& env, const tags::RequestTags& tags,
                       const Registry& registry, ApiContext& call);

  bool exists(const std::string& uuid) override;
  Status checkAccess(const std::string& uuid, const std::string& resourceType, Access access,
                     const std::string& field) override;
  Status create(const std::string& uuid, const std::string& name, const std::string& resourceType,
                const std::string& shareMode) override;
  Status attachRequestTags(const std::string& resourceUuid, const std::string& resourceType) override;
  Status attachTagPatterns(const std::string& resourceUuid, const std::string& resourceType,
                           const std::vector<std::string>& tagPatternUuids) override;
  Status updateRequestTags(const std::string& resourceUuid, const std::string& resourceType) override;
  Status rename(const std::string& uuid, const std::string& name) override;
  // Runs the cascades of the resource's type first; the first failing one is the answer, and
  // the resource is left as it was (the caller's transaction undoes what the others did).
  Status remove(const std::string& uuid) override;

  // The first cascade failure of this call, OK if none: the call fails with it even when the
  // deleting flow ignored remove()'s answer.
  const Status& cascadeFailure() const { return cascadeFailure_; }

 private:
  Status runCascades(const std::string& uuid);
  Status insertSystemTag(const std::string& resourceUuid, const std::string& resourceType, const std::string& tag);
  Status insertUserTag(const std::string& resourceUuid, const std::string& resourceType,
                       const std::string& tag, const std::string* tagPatternUuid);

  soci::session& sql_;
  const Caller& caller_;
  Env& env_;
  const tags::RequestTags& tags_;
  const Registry& registry_;
  ApiContext& call_;
  std::vector<std::string> removing_;  // the resources whose cascades are running, outermost first
  Status cascadeFailure_;
};

}  // namespace zstack
