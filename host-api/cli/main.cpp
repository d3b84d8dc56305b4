// zstack-cli: calls a management node's APIs from the shell (docs/cli.md).
//   zstack-cli [--host H] [--port P] [--timeout S] [--access-key-id I --access-key-secret S] API [key=value ...]
//   zstack-cli ... help [API]
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/cli.h"

namespace {

std::string environmentVariable(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string homeFolder() {
  std::string home = environmentVariable("HOME");
  if (home.empty()) {
    if (const passwd* user = ::getpwuid(::getuid())) home = user->pw_dir;
  }
  return home;
}

}  // namespace

int main(int argc, char** argv) {
  zstack::cli::Environment environment;
  environment.home = homeFolder();
  environment.host = environmentVariable("ZSTACK_HOST");
  environment.port = environmentVariable("ZSTACK_PORT");
  environment.accessKeyId = environmentVariable("ZSTACK_ACCESS_KEY_ID");
  environment.accessKeySecret = environmentVariable("ZSTACK_ACCESS_KEY_SECRET");
  environment.stderrIsTerminal = ::isatty(STDERR_FILENO) == 1;
  try {
    return zstack::cli::run({argv + 1, argv + argc}, environment, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "zstack-cli: " << e.what() << "\n";
    return zstack::cli::kApiFailed;
  }
}
