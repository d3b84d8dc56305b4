// Where zstack-cli keeps its sessions: ~/.zstack/cli/session (folders 0700, file 0600), as
// ZStack's CLI does, but one session per management node ("host:port"), so that talking to
// another node neither sends it a foreign session nor loses the first one.
//   {"127.0.0.1:8080": {"uuid": "...", "accountName": "admin"}}
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "zstack/error.h"

namespace zstack::cli {

struct StoredSession {
  std::string uuid;
  std::string accountName;
};

class SessionStore {
 public:
  // `home`: the user's home folder; the file is home/.zstack/cli/session.
  explicit SessionStore(const std::filesystem::path& home);

  std::optional<StoredSession> load(const std::string& endpoint) const;
  // Creates the folders and the file as needed; replaces the file atomically.
  Status save(const std::string& endpoint, const StoredSession& session) const;
  // Forgets the endpoint's session; the file goes when it holds none.
  Status remove(const std::string& endpoint) const;

  const std::filesystem::path& file() const { return file_; }

 private:
  Status write(const nlohmann::json& sessions) const;
  nlohmann::json read() const;

  std::filesystem::path file_;
};

}  // namespace zstack::cli
