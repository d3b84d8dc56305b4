// Runs a program to its end, as a shell would, for tests of command-line tools (zstack-cli,
// the OpenAPI validator): its own environment, stdout and stderr captured apart.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace zstack::testing {

struct CommandResult {
  int exitCode = -1;  // -1: killed at the timeout
  std::string out;
  std::string err;
};

// "exit N", stdout and stderr: for a failed expectation's message.
inline std::string describe(const CommandResult& result) {
  return "exit " + std::to_string(result.exitCode) + "\nstdout: " + result.out + "\nstderr: " + result.err;
}

// `argv[0]` is the program's path. `environment` is the whole environment ("KEY=VALUE"):
// nothing of the test's own leaks in. stdin is /dev/null.
CommandResult runCommand(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                         std::chrono::seconds timeout = std::chrono::seconds(60));

// The variables a program needs to be found and run at all (PATH), for `environment`.
std::vector<std::string> baseEnvironment();

}  // namespace zstack::testing
