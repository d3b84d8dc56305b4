#include "cli/help.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "cli/arguments.h"

namespace zstack::cli {
namespace {

using Row = std::vector<std::string>;

// Columns padded to their widest cell; the last column is not padded (descriptions run on).
std::string table(const std::vector<Row>& rows) {
  std::vector<std::size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i + 1 < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::ostringstream out;
  for (const Row& row : rows) {
    std::string line = "  ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  return out.str();
}

std::string placeholder(const Param& param) {
  switch (param.type) {
    case ParamType::Long:
    case ParamType::Integer: return "N";
    case ParamType::Boolean: return "true|false";
    case ParamType::List: return "A,B";
    case ParamType::Map: return "'{...}'";
    case ParamType::String: break;
  }
  return param.validValues.empty() ? "VALUE" : joined(param.validValues, "|");
}

std::string description(const Api& api, const Param& param) {
  std::string text = param.description;
  if (param.type == ParamType::List) text += (text.empty() ? "" : "; ") + std::string("comma-separated (\\, for a comma)");
  if (hashesParam(api.name, param.name)) text += "; give the password itself: zstack-cli sends its SHA-512 hex";
  if (defaultsToSession(api.name, param.name)) text += "; default: the session zstack-cli keeps";
  return text;
}

void queryHelp(std::ostringstream& out, const Api& api) {
  out << "  usage: zstack-cli " << api.name
      << " [CONDITION ...] [limit=N] [start=N] [count=true] [replyWithCount=true]\n"
      << "         [sortBy=FIELD] [sortDirection=asc|desc] [fields=F1,F2]\n\n"
      << "  CONDITION is FIELD<op>VALUE, op one of = != > >= < <= ~= (LIKE) !~= ?= (in: A,B,C) !?=\n"
      << "    FIELD=VALUE with a % in VALUE is a LIKE (name=Qwen% finds names starting with Qwen)\n"
      << "    FIELD~=VALUE without % or _ finds VALUE anywhere (%VALUE%)\n"
      << "    FIELD=null is 'FIELD is null', FIELD!=null 'FIELD not null' (FIELD?=null: the text null)\n";
  if (api.tagConditions) out << "    __systemTag__ and __userTag__ conditions match the resources' tags\n";
  out << "  Quote a condition holding > or < for the shell: 'size>=1024'.\n\n";
  std::vector<Row> rows{{"field", "type", "in conditions and sortBy", "since"}};
  for (const QueryField& field : api.fields) {
    rows.push_back({field.name, field.type, field.queryable ? "yes" : "no (inventory only)", field.since});
  }
  out << table(rows);
}

}  // namespace

std::string usage() {
  return R"(zstack-cli: calls the ZStack APIs of a management node (zstack-mn).

usage: zstack-cli [OPTIONS] API [KEY=VALUE ...]
       zstack-cli [OPTIONS] help [API]
       zstack-cli [OPTIONS] API --help

examples:
  zstack-cli LogInByAccount accountName=admin password=PASSWORD
  zstack-cli AddModel name=Qwen installPath=/models/qwen modelCenterUuid=UUID systemTags=a::1,b::2
  zstack-cli QueryModel name=Qwen% limit=10
  zstack-cli LogOut

The APIs, their parameters and types come from the node itself (GET /zstack/v1/openapi.json),
read on every run; 'zstack-cli help' lists them. Results are printed as JSON on stdout.
Asynchronous APIs are waited for; on a terminal, stderr shows a spinner and the time so far.

options:
  --host HOST      the management node (default: $ZSTACK_HOST, else localhost)
  --port PORT      its port (default: $ZSTACK_PORT, else 8080)
  --timeout SECS   how long to wait for an asynchronous API's job (default: 300)
  --access-key-id ID, --access-key-secret SECRET
                   sign every request with this access key (CreateAccessKey) instead of
                   using the session (default: $ZSTACK_ACCESS_KEY_ID, $ZSTACK_ACCESS_KEY_SECRET)
  -h, --help       this text; after an API: that API's parameters

session: LogInByAccount keeps the session in ~/.zstack/cli/session (mode 0600), one per
HOST:PORT; LogOut ends and forgets it. Passwords are sent as their SHA-512 hex.

exit codes:
  0  success
  1  the API failed (its error is printed as JSON on stderr), or no session: log in first
  2  usage error: unknown API or parameter, a bad value, a missing required parameter;
     nothing was sent
  3  the node cannot be reached, or is not a zstack-mn
  4  gave up waiting for a job (--timeout); the job may still finish
)";
}

std::string apiList(const Catalog& catalog, const std::string& endpoint) {
  std::ostringstream out;
  out << "APIs of the management node at " << endpoint << " (API version " << catalog.apiVersion() << "):\n";
  std::vector<Row> rows;
  for (const Api& api : catalog.apis()) rows.push_back({api.name, api.description});
  out << table(rows) << "Run 'zstack-cli help API' for an API's parameters.\n";
  return out.str();
}

std::string apiHelp(const Api& api) {
  std::ostringstream out;
  out << api.name << ": " << api.description << "\n";
  out << "  " << api.method << " /zstack/v1" << api.path << "; "
      << (api.query ? "a query" : api.async ? "asynchronous (zstack-cli waits for its job)" : "synchronous");
  if (!api.parameterName.empty()) out << "; parameters in \"" << api.parameterName << "\"";
  if (!api.since.empty()) out << "; since " << api.since;
  out << (api.needsSession ? "" : "; needs no session") << "\n";
  if (api.query) {
    queryHelp(out, api);
    return out.str();
  }
  out << "  usage: zstack-cli " << api.name;
  bool optional = false;
  for (const Param& param : api.params) {
    if (param.required && !defaultsToSession(api.name, param.name)) {
      out << " " << param.name << "=" << placeholder(param);
    } else {
      optional = true;
    }
  }
  out << (optional ? " [KEY=VALUE ...]" : "") << "\n\n";
  if (api.params.empty()) {
    out << "  (no parameters)\n";
    return out.str();
  }
  std::vector<Row> rows{{"name", "type", "required", "since", "valid values", "description"}};
  for (const Param& param : api.params) {
    rows.push_back({param.name, paramTypeName(param.type), param.required ? "yes" : "no", param.since,
                    joined(param.validValues, ", "), description(api, param)});
  }
  out << table(rows);
  return out.str();
}

}  // namespace zstack::cli
