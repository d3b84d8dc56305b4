#include "cli/session_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace zstack::cli {
namespace {

using nlohmann::json;

Status systemError(const std::string& what) { return internalError(what + ": " + std::strerror(errno)); }

}  // namespace

SessionStore::SessionStore(const std::filesystem::path& home) : file_(home / ".zstack" / "cli" / "session") {}

json SessionStore::read() const {
  std::ifstream in(file_);
  if (!in) return json::object();
  json sessions = json::parse(in, nullptr, false);
  // A file of ZStack's own CLI (a bare uuid) or a damaged one holds nothing we can use.
  return sessions.is_object() ? sessions : json::object();
}

std::optional<StoredSession> SessionStore::load(const std::string& endpoint) const {
  const json sessions = read();
  auto it = sessions.find(endpoint);
  if (it == sessions.end() || !it->is_object() || !it->contains("uuid") || !(*it)["uuid"].is_string()) return std::nullopt;
  return StoredSession{(*it)["uuid"].get<std::string>(), it->value("accountName", "")};
}

Status SessionStore::save(const std::string& endpoint, const StoredSession& session) const {
  json sessions = read();
  sessions[endpoint] = {{"uuid", session.uuid}, {"accountName", session.accountName}};
  return write(sessions);
}

Status SessionStore::remove(const std::string& endpoint) const {
  json sessions = read();
  if (!sessions.contains(endpoint)) return Status::OK();
  sessions.erase(endpoint);
  return write(sessions);
}

Status SessionStore::write(const json& sessions) const {
  const std::filesystem::path folder = file_.parent_path();
  for (const std::filesystem::path& dir : {folder.parent_path(), folder}) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return systemError("cannot create " + dir.string());
  }
  // The folder holds credentials: the user's alone, even when another tool made it.
  if (::chmod(folder.c_str(), 0700) != 0) return systemError("cannot restrict " + folder.string());
  if (sessions.empty()) {
    if (::unlink(file_.c_str()) != 0 && errno != ENOENT) return systemError("cannot remove " + file_.string());
    return Status::OK();
  }
  // Written beside, then renamed over: a reader sees the old file or the new one, never half.
  const std::string temp = file_.string() + "." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return systemError("cannot write " + temp);
  const std::string text = sessions.dump(2) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int savedErrno = errno;
  ::close(fd);
  if (!written || ::rename(temp.c_str(), file_.c_str()) != 0) {
    if (!written) errno = savedErrno;
    Status status = systemError("cannot write " + file_.string());
    ::unlink(temp.c_str());
    return status;
  }
  return Status::OK();
}

}  // namespace zstack::cli
