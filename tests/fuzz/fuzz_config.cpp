// fuzz_config: plugin.yaml as zstack-mn reads it.
//
// The input (at most config::kMaxConfigBytes, as loadConfig reads at most that) is the text of
// plugin.yaml, parsed by zstack::parseConfig with an empty command line and a config file path
// that does not exist (parseConfig reads no file); the database URL of a configuration it
// accepts goes on to db::parseDatabaseUrl, as zstack-mn opens it next.
//
// Bugs: a crash or sanitizer report (yaml-cpp's parser recurses too), an exception, a timeout.
#include <cstdint>
#include <exception>
#include <string>

#include "config/config.h"
#include "db/database.h"
#include "fuzz_host.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zstack;
  if (size > kMaxConfigBytes) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    HostConfig config;
    if (!parseConfig(text, "/nonexistent/zstack/plugin.yaml", CommandLine{}, &config).ok()) return 0;
    db::DatabaseUrl url;
    (void)db::parseDatabaseUrl(config.databaseUrl, &url);
  } catch (const std::exception& e) {
    fuzz::die(std::string("exception: ") + e.what());
  }
  return 0;
}
