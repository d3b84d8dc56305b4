// ResourceService on one transaction: ownership (ResourceVO, AccountResourceRefVO,
// SharedResourceVO) and tags (SystemTagVO, UserTagVO) of the resources an API call creates.
#pragma once

#include "common/env.h"
#include "tags/tags.h"
#include "zstack/context.h"

namespace zstack {

class TransactionResources : public ResourceService {
 public:
  // `tags` are the call's validated tags, stored by attachRequestTags().
  TransactionResources(soci::session& sql, const Caller& caller, Env& env, const tags::RequestTags& tags);

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
  Status remove(const std::string& uuid) override;

 private:
  Status insertSystemTag(const std::string& resourceUuid, const std::string& resourceType, const std::string& tag);
  Status insertUserTag(const std::string& resourceUuid, const std::string& resourceType,
                       const std::string& tag, const std::string* tagPatternUuid);

  soci::session& sql_;
  const Caller& caller_;
  Env& env_;
  const tags::RequestTags& tags_;
};

}  // namespace zstack
