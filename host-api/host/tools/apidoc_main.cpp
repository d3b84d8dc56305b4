// zstack-apidoc: prints the API reference of the host and the plugins a plugin.yaml enables.
//   zstack-apidoc --config plugin.yaml [--lang zh|en]
#include <iostream>

#include "apidoc/apidoc.h"
#include "auth/account_apis.h"
#include "common/log.h"
#include "config/config.h"
#include "loader/plugin_loader.h"
#include "tags/tags.h"

int main(int argc, char** argv) {
  using namespace zstack;
  std::string language = "en";
  std::vector<const char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--lang" && i + 1 < argc) {
      language = argv[++i];
    } else {
      args.push_back(argv[i]);
    }
  }
  CommandLine commandLine;
  HostConfig config;
  Status status = parseCommandLine(static_cast<int>(args.size()), args.data(), &commandLine);
  if (status.ok()) status = loadConfig(commandLine, &config);
  if (!status.ok() || (language != "en" && language != "zh")) {
    std::cerr << (status.ok() ? "--lang takes zh or en" : status.error().details) << "\n"
              << "usage: zstack-apidoc --config plugin.yaml [--lang zh|en]\n";
    return 2;
  }
  log::setLevel(LogLevel::Warn);
  PluginLoader plugins;
  Registry registry;
  if (status.ok()) status = plugins.load(config.plugins);
  if (status.ok()) status = tags::registerTagApis(registry);
  if (status.ok()) status = auth::registerAccountApis(registry);
  if (status.ok()) status = plugins.start(registry, plugins.newestCommonVersion());
  if (!status.ok()) {
    std::cerr << status.error().details << "\n";
    return 1;
  }
  std::cout << apidoc::render(registry, language == "zh" ? apidoc::Language::Chinese : apidoc::Language::English);
  plugins.stop();
  registry.clear();
  return 0;
}
