// zstack-cli: one command line against a management node. Learns the node's APIs from its
// OpenAPI document, turns key=value arguments into the request (cli/arguments.h), sends it
// with the kept session, waits for asynchronous jobs, and prints the result as indented JSON.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace zstack::cli {

// The process's surroundings, passed in so that run() reads no global state.
struct Environment {
  std::string home;   // $HOME: the session lives in home/.zstack/cli/session
  std::string host;   // $ZSTACK_HOST
  std::string port;   // $ZSTACK_PORT
  // $ZSTACK_ACCESS_KEY_ID and $ZSTACK_ACCESS_KEY_SECRET: sign every request with the key in
  // place of the kept session.
  std::string accessKeyId;
  std::string accessKeySecret;
  bool stderrIsTerminal = false;  // the progress spinner is drawn only on a terminal
};

// Exit codes (documented in usage() and docs/cli.md).
enum ExitCode : int {
  kSuccess = 0,
  kApiFailed = 1,     // the API answered an error, or there is no session (nor access key)
  kUsageError = 2,    // nothing was sent
  kUnreachable = 3,   // no connection, or not a zstack-mn
  kGaveUp = 4,        // --timeout passed while the job ran
};

// `args` is the command line without the program name. Results go to `out`; errors, hints and
// progress to `err`.
int run(const std::vector<std::string>& args, const Environment& environment, std::ostream& out, std::ostream& err);

}  // namespace zstack::cli
