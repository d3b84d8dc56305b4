#include "migrate/migrator.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>

#include <soci/soci.h>

#include "common/digest.h"

namespace zstack::migrate {
namespace fs = std::filesystem;
namespace {

using SessionFn = std::function<Status(soci::session&)>;

const char* dialectSuffix(SqlDialect dialect) {
  switch (dialect) {
    case SqlDialect::SQLite: return "sqlite";
    case SqlDialect::PostgreSQL: return "postgresql";
    case SqlDialect::MySQL: return "mysql";
  }
  return "";
}

Status refuse(std::string reason) { return internalError(std::move(reason)); }

// ---- scripts on disk -------------------------------------------------------------------

struct Script {
  std::string component;
  Version version;
  std::string name;  // file name, recorded in schema_history.script
  fs::path path;
  std::string content;
  std::string checksum;
};

struct ParsedName {
  Version version;
  std::string dialect;  // empty for the neutral script
};

// V<version>__<what>[.<dialect>].sql; the version's parts are separated by '.' or '_'.
std::optional<ParsedName> parseScriptName(const std::string& name) {
  static const std::string kExt = ".sql";
  if (name.size() < 1 + kExt.size() || name[0] != 'V' ||
      name.compare(name.size() - kExt.size(), kExt.size(), kExt) != 0) {
    return std::nullopt;
  }
  const std::size_t sep = name.find("__");
  if (sep == std::string::npos || sep < 2) return std::nullopt;
  std::string versionText = name.substr(1, sep - 1);
  std::replace(versionText.begin(), versionText.end(), '_', '.');
  auto version = Version::parse(versionText);
  if (!version) return std::nullopt;
  std::string what = name.substr(sep + 2, name.size() - kExt.size() - sep - 2);
  ParsedName parsed{*version, ""};
  for (const char* dialect : {"sqlite", "postgresql", "mysql"}) {
    const std::string suffix = std::string(".") + dialect;
    if (what.size() > suffix.size() &&
        what.compare(what.size() - suffix.size(), suffix.size(), suffix) == 0) {
      parsed.dialect = dialect;
      what.resize(what.size() - suffix.size());
      break;
    }
  }
  if (what.empty()) return std::nullopt;
  return parsed;
}

Status readFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  if (in) buffer << in.rdbuf();
  if (!in || in.bad()) return internalError("cannot read migration script " + path.string());
  *out = buffer.str();
  return Status::OK();
}

// The scripts of one component for this dialect, in version order.
Status scanComponent(const fs::path& sqlRoot, const std::string& component, SqlDialect dialect,
                     std::vector<Script>* out) {
  const fs::path dir = sqlRoot / component;
  std::error_code ec;
  // A registered component ships its schema: none found means a broken installation.
  const Status missing = internalError("no migration scripts for schema component " + component + " under " +
                                       dir.string());
  if (!fs::exists(dir, ec)) return missing;
  if (!fs::is_directory(dir, ec)) {
    return internalError("migration scripts of " + component + ": " + dir.string() +
                         " is not a directory");
  }
  struct Candidates {
    std::vector<fs::path> neutral, variant;
  };
  std::map<Version, Candidates> byVersion;
  const std::string mine = dialectSuffix(dialect);
  fs::directory_iterator it(dir, ec);
  if (ec) return internalError("cannot list " + dir.string() + ": " + ec.message());
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || entry.path().extension() != ".sql") continue;
    if (!entry.is_regular_file(ec)) continue;
    auto parsed = parseScriptName(name);
    if (!parsed) {
      return internalError("migration script " + entry.path().string() +
                           " is not named V<version>__<description>[.<dialect>].sql");
    }
    if (parsed->dialect.empty()) {
      byVersion[parsed->version].neutral.push_back(entry.path());
    } else if (parsed->dialect == mine) {
      byVersion[parsed->version].variant.push_back(entry.path());
    } else {
      byVersion[parsed->version];  // another dialect's variant: not for this database
    }
  }
  for (auto& [version, candidates] : byVersion) {
    for (auto* list : {&candidates.neutral, &candidates.variant}) {
      if (list->size() > 1) {
        std::sort(list->begin(), list->end());
        return internalError("two migration scripts of " + component + " have version V" +
                             version.str() + ": " + (*list)[0].filename().string() + " and " +
                             (*list)[1].filename().string());
      }
    }
    const std::vector<fs::path>& chosen =
        candidates.variant.empty() ? candidates.neutral : candidates.variant;
    if (chosen.empty()) continue;
    Script script;
    script.component = component;
    script.version = version;
    script.path = chosen.front();
    script.name = script.path.filename().string();
    if (script.name.size() > 255) {
      return internalError("migration script name longer than 255 characters: " + script.name);
    }
    if (Status st = readFile(script.path, &script.content); !st.ok()) return st;
    script.checksum = sha256Hex(script.content);
    out->push_back(std::move(script));
  }
  if (out->empty()) return missing;
  return Status::OK();  // std::map iterates in version order
}

struct Statement {
  std::string sql;
  int line = 0;  // where it starts in the script, 1-based
};

// Statements end with ';' at the end of a line; blank lines and "--" comment lines are skipped.
std::vector<Statement> splitStatements(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // UTF-8 BOM
  auto trim = [](std::string_view s) {
    const std::size_t b = s.find_first_not_of(" \t\r\n\f\v");
    if (b == std::string_view::npos) return std::string_view();
    const std::size_t e = s.find_last_not_of(" \t\r\n\f\v");
    return s.substr(b, e - b + 1);
  };
  std::vector<Statement> out;
  std::string current;
  int startLine = 0;
  int lineNo = 0;
  std::size_t pos = 0;
  while (pos <= content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    const std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    ++lineNo;
    const std::string_view trimmed = trim(line);
    if (trimmed.empty() || trimmed.substr(0, 2) == "--") continue;
    if (current.empty()) startLine = lineNo;
    std::string_view text = line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (trimmed.back() == ';') {
      text = text.substr(0, text.find_last_of(';'));
      current.append(text);
      std::string sql(trim(current));
      if (!sql.empty()) out.push_back({std::move(sql), startLine});
      current.clear();
    } else {
      current.append(text);
      current += '\n';
    }
  }
  if (std::string sql(trim(current)); !sql.empty()) out.push_back({std::move(sql), startLine});
  return out;
}

// ---- schema_history --------------------------------------------------------------------

struct HistoryRow {
  std::string component;
  std::string version;
  std::string script;
  std::string checksum;
  int success = 1;
};

std::string historyDdl(SqlDialect dialect) {
  const char* timestamp = dialect == SqlDialect::SQLite ? "VARCHAR(32)" : "TIMESTAMP";
  return std::string(
             "CREATE TABLE IF NOT EXISTS schema_history ("
             "component VARCHAR(64) NOT NULL, "
             "version VARCHAR(32) NOT NULL, "
             "script VARCHAR(255) NOT NULL, "
             "checksum VARCHAR(64) NOT NULL, "
             "executionMs BIGINT NOT NULL, "
             "success SMALLINT NOT NULL, "
             "installedOn ") +
         timestamp + " NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (component, version))";
}

std::vector<HistoryRow> loadHistory(soci::session& s) {
  std::vector<HistoryRow> rows;
  HistoryRow row;
  soci::statement st =
      (s.prepare << "SELECT component, version, script, checksum, success FROM schema_history",
       soci::into(row.component), soci::into(row.version), soci::into(row.script),
       soci::into(row.checksum), soci::into(row.success));
  st.execute();
  while (st.fetch()) rows.push_back(row);
  return rows;
}

void insertHistory(soci::session& s, const Script& script, long long executionMs, int success) {
  std::string version = script.version.str();
  s << "INSERT INTO schema_history (component, version, script, checksum, executionMs, success, "
       "installedOn) VALUES (:component, :version, :script, :checksum, :ms, :success, "
       "CURRENT_TIMESTAMP)",
      soci::use(script.component), soci::use(version), soci::use(script.name),
      soci::use(script.checksum), soci::use(executionMs), soci::use(success);
}

Status failedRow(const HistoryRow& row) {
  return refuse("schema_history has a failed script " + row.component + " V" + row.version +
                " (" + row.script + "): repair the database and delete that row, then restart");
}
Status checksumMismatch(const Script& script) {
  return refuse("script " + script.path.string() +
                " was changed after it was applied (checksum mismatch)");
}
Status newerThanCode(const std::string& component, const Version& applied,
                     const std::vector<Script>& scripts) {
  return refuse("database schema of " + component + " is at V" + applied.str() +
                ", newer than this code (" +
                (scripts.empty() ? std::string("no scripts") : "V" + scripts.back().version.str()) +
                "): refusing to start");
}

Status newerThanTarget(const SchemaComponent& target, const Version& applied) {
  const std::string source = target.upToSource.empty() ? "V" + target.upTo->str() : target.upToSource;
  return refuse("database schema of " + target.name + " is at V" + applied.str() + ", newer than " + source +
                ": downgrades are not supported; refusing to start");
}

// Checks the recorded history against the scripts; fills `pending` with what to apply.
Status validate(const std::vector<HistoryRow>& history, const std::vector<SchemaComponent>& components,
                const std::map<std::string, std::vector<Script>>& scripts,
                std::vector<const Script*>* pending) {
  for (const HistoryRow& row : history) {
    if (row.success == 0) return failedRow(row);
  }
  for (const SchemaComponent& target : components) {
    const std::string& component = target.name;
    const std::vector<Script>& mine = scripts.at(component);
    std::map<Version, const HistoryRow*> applied;
    for (const HistoryRow& row : history) {
      if (row.component != component) continue;
      auto version = Version::parse(row.version);
      if (!version) {
        return refuse("schema_history has an unreadable version '" + row.version + "' of " +
                      component + " (" + row.script + "): refusing to start");
      }
      applied[*version] = &row;
    }
    if (!applied.empty()) {
      const Version& newestApplied = applied.rbegin()->first;
      if (mine.empty() || newestApplied > mine.back().version) {
        return newerThanCode(component, newestApplied, mine);
      }
      if (target.upTo && newestApplied > *target.upTo) return newerThanTarget(target, newestApplied);
    }
    for (const auto& [version, row] : applied) {
      // An init-capture: clang 14 cannot capture a structured binding.
      auto script = std::find_if(mine.begin(), mine.end(),
                                 [&appliedVersion = version](const Script& s) { return s.version == appliedVersion; });
      if (script == mine.end()) {
        return refuse("database schema of " + component + " has V" + version.str() + " (" +
                      row->script + ") applied, unknown to this code: refusing to start");
      }
      if (script->checksum != row->checksum) return checksumMismatch(*script);
    }
    for (const Script& script : mine) {
      if (target.upTo && script.version > *target.upTo) break;  // in version order
      if (applied.count(script.version)) continue;
      if (!applied.empty() && script.version < applied.rbegin()->first) {
        return refuse("script " + script.path.string() + " (V" + script.version.str() +
                      ") is older than the schema of " + component + " (V" +
                      applied.rbegin()->first.str() + ") but was never applied: refusing to start");
      }
      pending->push_back(&script);
    }
  }
  return Status::OK();
}

// ---- running on a dialect ----------------------------------------------------------------

// Where the migration's transactions run. SQLite: Database::write (BEGIN IMMEDIATE, one
// writer), with the history re-checked inside each transaction. PostgreSQL/MySQL: one session
// holding the migration lock for the whole run.
class Runner {
 public:
  virtual ~Runner() = default;
  virtual Status transaction(const SessionFn& fn) = 0;
  virtual Status read(const SessionFn& fn) = 0;
};

class SqliteRunner : public Runner {
 public:
  explicit SqliteRunner(db::Database& db) : db_(db) {}
  Status transaction(const SessionFn& fn) override { return db_.write(fn); }
  Status read(const SessionFn& fn) override { return db_.read(fn); }

 private:
  db::Database& db_;
};

class LockedSessionRunner : public Runner {
 public:
  explicit LockedSessionRunner(soci::session& s) : s_(s) {}
  Status transaction(const SessionFn& fn) override {
    try {
      s_.begin();
    } catch (const std::exception& e) {
      return internalError(std::string("cannot begin a migration transaction: ") + e.what());
    }
    Status st;
    try {
      st = fn(s_);
    } catch (const std::exception& e) {
      st = internalError(e.what());
    }
    try {
      if (st.ok()) {
        s_.commit();
      } else {
        s_.rollback();
      }
    } catch (const std::exception& e) {
      if (st.ok()) return internalError(std::string("cannot commit a migration: ") + e.what());
    }
    return st;
  }
  Status read(const SessionFn& fn) override {
    try {
      return fn(s_);
    } catch (const std::exception& e) {
      return internalError(e.what());
    }
  }

 private:
  soci::session& s_;
};

// A driver's multi-line message (PostgreSQL adds LINE/caret lines) as one line.
std::string oneLine(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string firstLine(const std::string& sql) {
  std::string line = sql.substr(0, sql.find('\n'));
  if (line.size() > 80) line = line.substr(0, 77) + "...";
  return line;
}

Status runMigration(Runner& runner, SqlDialect dialect, const std::vector<SchemaComponent>& components,
                    const std::map<std::string, std::vector<Script>>& scripts,
                    std::vector<AppliedScript>* applied) {
  Status st = runner.transaction([&](soci::session& s) {
    // Quiets PostgreSQL's "already exists, skipping" notice, which libpq prints to stderr.
    if (dialect == SqlDialect::PostgreSQL) s << "SET LOCAL client_min_messages = warning";
    s << historyDdl(dialect);
    return Status::OK();
  });
  if (!st.ok()) {
    return internalError("cannot create schema_history: " + st.error().details);
  }
  std::vector<HistoryRow> history;
  st = runner.read([&](soci::session& s) {
    history = loadHistory(s);
    return Status::OK();
  });
  if (!st.ok()) return internalError("cannot read schema_history: " + st.error().details);
  std::vector<const Script*> pending;
  if (st = validate(history, components, scripts, &pending); !st.ok()) return st;

  for (const Script* script : pending) {
    bool alreadyApplied = false;
    bool scriptFailed = false;
    long long executionMs = 0;
    st = runner.transaction([&](soci::session& s) -> Status {
      // Another host may have applied it since the history was read (SQLite: this
      // transaction holds the write lock, so what it sees now is final).
      std::string recordedScript, recordedChecksum;
      int recordedSuccess = 1;
      std::string version = script->version.str();
      s << "SELECT script, checksum, success FROM schema_history WHERE component = :c AND "
           "version = :v",
          soci::into(recordedScript), soci::into(recordedChecksum), soci::into(recordedSuccess),
          soci::use(script->component), soci::use(version);
      if (s.got_data()) {
        if (recordedSuccess == 0) {
          return failedRow({script->component, version, recordedScript, recordedChecksum, 0});
        }
        if (recordedChecksum != script->checksum) return checksumMismatch(*script);
        alreadyApplied = true;
        return Status::OK();
      }
      const auto start = std::chrono::steady_clock::now();
      const std::vector<Statement> statements = splitStatements(script->content);
      for (std::size_t i = 0; i < statements.size(); ++i) {
        try {
          s << statements[i].sql;
        } catch (const std::exception& e) {
          scriptFailed = true;
          const std::string what = oneLine(e.what());
          return internalError("script " + script->path.string() + " failed at line " +
                               std::to_string(statements[i].line) + " (" +
                               firstLine(statements[i].sql) + "): " + what);
        }
      }
      executionMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
      insertHistory(s, *script, executionMs, 1);
      return Status::OK();
    });
    if (!st.ok()) {
      if (scriptFailed && dialect == SqlDialect::MySQL) {
        // MySQL commits DDL implicitly: part of the script may have stayed. Record it.
        Status recorded = runner.transaction([&](soci::session& s) {
          insertHistory(s, *script, executionMs, 0);
          return Status::OK();
        });
        return internalError(st.error().details +
                             (recorded.ok()
                                  ? "; MySQL cannot roll back DDL, so it is recorded as failed in "
                                    "schema_history: repair the database and delete that row, "
                                    "then restart"
                                  : "; MySQL cannot roll back DDL and recording the failure "
                                    "failed too: " +
                                        recorded.error().details));
      }
      if (scriptFailed) {
        return internalError(st.error().details + " (rolled back, nothing applied)");
      }
      return st;
    }
    if (!alreadyApplied && applied) {
      applied->push_back({script->component, script->version, script->name});
    }
  }
  return Status::OK();
}

// A constant of this host for pg_advisory_lock ("zstack" in ASCII).
constexpr const char kPgLockKey[] = "134636292367211";

Status runLocked(db::Database& database, SqlDialect dialect,
                 const std::vector<SchemaComponent>& components,
                 const std::map<std::string, std::vector<Script>>& scripts,
                 std::vector<AppliedScript>* applied) {
  return database.read([&](soci::session& s) -> Status {
    try {
      if (dialect == SqlDialect::PostgreSQL) {
        s << std::string("SELECT pg_advisory_lock(") + kPgLockKey + ")";
      } else {
        int got = 0;
        soci::indicator ind = soci::i_ok;
        s << "SELECT GET_LOCK('zstack_migrate', 600)", soci::into(got, ind);
        if (ind != soci::i_ok || got != 1) {
          return internalError(
              "timed out after 600s waiting for another host's schema migration "
              "(GET_LOCK('zstack_migrate'))");
        }
      }
    } catch (const std::exception& e) {
      return internalError(std::string("cannot take the schema migration lock: ") + e.what());
    }
    LockedSessionRunner runner(s);
    Status st;
    try {
      st = runMigration(runner, dialect, components, scripts, applied);
    } catch (const std::exception& e) {
      st = internalError(e.what());
    }
    try {
      if (dialect == SqlDialect::PostgreSQL) {
        s << std::string("SELECT pg_advisory_unlock(") + kPgLockKey + ")";
      } else {
        int released = 0;
        soci::indicator ind = soci::i_ok;
        s << "SELECT RELEASE_LOCK('zstack_migrate')", soci::into(released, ind);
      }
    } catch (const std::exception&) {
      // The lock goes with the connection if it broke; nothing else to do.
    }
    return st;
  });
}

bool validComponentName(const std::string& name) {
  if (name.empty() || name.size() > 64 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace

Status migrate(db::Database& database, const fs::path& sqlRoot,
               const std::vector<SchemaComponent>& components, std::vector<AppliedScript>* applied) {
  std::vector<SchemaComponent> unique;
  for (const SchemaComponent& component : components) {
    if (!validComponentName(component.name)) {
      return invalidArgument("schema component name '" + component.name +
                             "' (letters, digits, '-', '_', '.'; at most 64)");
    }
    auto same = std::find_if(unique.begin(), unique.end(),
                             [&](const SchemaComponent& c) { return c.name == component.name; });
    if (same == unique.end()) {
      unique.push_back(component);
    } else if (same->upTo != component.upTo) {
      return invalidArgument("schema component " + component.name + " is listed twice with different targets");
    }
  }
  const SqlDialect dialect = database.dialect();
  std::map<std::string, std::vector<Script>> scripts;
  for (const SchemaComponent& component : unique) {
    if (Status st = scanComponent(sqlRoot, component.name, dialect, &scripts[component.name]); !st.ok()) {
      return st;
    }
  }
  try {
    if (dialect == SqlDialect::SQLite) {
      SqliteRunner runner(database);
      return runMigration(runner, dialect, unique, scripts, applied);
    }
    return runLocked(database, dialect, unique, scripts, applied);
  } catch (const std::exception& e) {
    return internalError(std::string("schema migration failed: ") + e.what());
  }
}

}  // namespace zstack::migrate
