// zstack-apidoc: prints the API reference of the host and the plugins a plugin.yaml enables,
// as Markdown, or as the OpenAPI document the host serves at /zstack/v1/openapi.json.
//   zstack-apidoc --config plugin.yaml [--lang zh|en] [--openapi] [--api-version V]
#include <iostream>

#include "apidoc/apidoc.h"
#include "bootstrap/bootstrap.h"
#include "common/log.h"
#include "config/config.h"
#include "openapi/openapi.h"

int main(int argc, char** argv) {
  using namespace zstack;
  std::string language = "en";
  bool openApi = false;
  std::vector<const char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--lang" && i + 1 < argc) {
      language = argv[++i];
    } else if (std::string(argv[i]) == "--openapi") {
      openApi = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  const char* usage = "usage: zstack-apidoc --config plugin.yaml [--lang zh|en] [--openapi] [--api-version V]\n";
  CommandLine commandLine;
  HostConfig config;
  Status status = parseCommandLine(static_cast<int>(args.size()), args.data(), &commandLine);
  if (status.ok() && commandLine.help) {
    std::cout << usage;
    return 0;
  }
  if (status.ok()) status = loadConfig(commandLine, &config);
  if (!status.ok() || (language != "en" && language != "zh")) {
    std::cerr << (status.ok() ? "--lang takes zh or en" : status.error().details) << "\n" << usage;
    return 2;
  }
  log::setLevel(LogLevel::Warn);
  Bootstrap bootstrap;
  if (status = bootstrap.start(config.plugins, config.apiVersion); !status.ok()) {
    std::cerr << status.error().details << "\n";
    return 1;
  }
  if (openApi) {
    std::cout << openapi::document(bootstrap.registry(), bootstrap.apiVersion()).dump(2) << "\n";
  } else {
    std::cout << apidoc::render(bootstrap.registry(),
                                language == "zh" ? apidoc::Language::Chinese : apidoc::Language::English);
  }
  return 0;
}
