// Database URL parsing: sqlite://, postgresql://, mysql:// to SOCI backend + connect string.
#include <cctype>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.h"

namespace zstack::db {
namespace {

// "scheme://user:secret@host/db" -> "scheme://user:***@host/db". Works on malformed URLs too,
// so an error message never shows a password.
std::string elidePassword(const std::string& url) {
  const std::size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string::npos) return url;
  const std::size_t authStart = schemeEnd + 3;
  // The last '@' ends the user info even when an unencoded password holds '/' or '@'.
  const std::size_t at = url.rfind('@');
  if (at == std::string::npos || at < authStart) return url;
  const std::size_t colon = url.find(':', authStart);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::optional<std::string> percentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      return std::nullopt;
    }
    out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

// A value in a libpq / SOCI-MySQL "key=value" connect string: quoted when needed.
std::string connectValue(const std::string& value) {
  bool plain = !value.empty();
  for (char c : value) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\'' || c == '"' || c == '\\' ||
        c == '=') {
      plain = false;
      break;
    }
  }
  if (plain) return value;
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

struct ServerUrl {
  std::string user, password, host, port, database;
};

// user:pass@host:port/database, with user, password and port optional.
bool parseServer(std::string_view rest, ServerUrl* out) {
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view authority = rest.substr(0, slash);
  std::string_view database = rest.substr(slash + 1);
  if (const std::size_t q = database.find('?'); q != std::string_view::npos) return false;
  if (database.empty() || database.find('/') != std::string_view::npos) return false;

  std::string_view hostPort = authority;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userInfo = authority.substr(0, at);
    hostPort = authority.substr(at + 1);
    std::string_view user = userInfo, password;
    bool hasPassword = false;
    if (const std::size_t colon = userInfo.find(':'); colon != std::string_view::npos) {
      user = userInfo.substr(0, colon);
      password = userInfo.substr(colon + 1);
      hasPassword = true;
    }
    auto decodedUser = percentDecode(user);
    auto decodedPassword = percentDecode(password);
    if (!decodedUser || !decodedPassword || decodedUser->empty()) return false;
    out->user = *decodedUser;
    if (hasPassword) out->password = *decodedPassword;
  }

  std::string_view host = hostPort, port;
  if (!hostPort.empty() && hostPort.front() == '[') {  // [::1]:5432
    const std::size_t close = hostPort.find(']');
    if (close == std::string_view::npos) return false;
    host = hostPort.substr(1, close - 1);
    std::string_view after = hostPort.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
    }
  } else if (const std::size_t colon = hostPort.rfind(':'); colon != std::string_view::npos) {
    host = hostPort.substr(0, colon);
    port = hostPort.substr(colon + 1);
  }
  if (host.empty()) return false;
  if (!port.empty() || hostPort.find(':') != std::string_view::npos) {
    if (port.empty() || port.size() > 5) return false;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    if (std::stoi(std::string(port)) == 0 || std::stoi(std::string(port)) > 65535) return false;
  }
  auto decodedDb = percentDecode(database);
  if (!decodedDb) return false;
  out->host = std::string(host);
  out->port = std::string(port);
  out->database = *decodedDb;
  return true;
}

}  // namespace

Status parseDatabaseUrl(const std::string& url, DatabaseUrl* out) {
  const std::string display = elidePassword(url);
  auto invalid = [&](const std::string& why) {
    return invalidArgument("database url " + display + ": " + why +
                           " (expected sqlite:///abs/path.db, sqlite://relative/path.db, "
                           "postgresql://user:pass@host:port/db or mysql://user:pass@host:port/db)");
  };
  const std::size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string::npos) return invalid("not a URL");
  const std::string scheme = url.substr(0, schemeEnd);
  const std::string rest = url.substr(schemeEnd + 3);

  DatabaseUrl parsed;
  parsed.display = display;
  if (scheme == "sqlite" || scheme == "sqlite3") {
    if (rest.empty() || rest == "/") return invalid("no database file");
    if (rest.find('"') != std::string::npos || rest.find('?') != std::string::npos) {
      return invalid("unsupported character in the file name");
    }
    auto decoded = percentDecode(rest);
    if (!decoded) return invalid("bad percent-encoding");
    std::filesystem::path path(*decoded);
    if (path.is_relative()) {
      std::error_code ec;
      path = std::filesystem::absolute(path, ec);
      if (ec) return invalid("cannot resolve the relative path: " + ec.message());
    }
    path = path.lexically_normal();
    if (!path.has_filename()) return invalid("no database file");
    parsed.dialect = SqlDialect::SQLite;
    parsed.backend = "sqlite3";
    const std::string file = path.string();
    parsed.sqliteFile = file;
    parsed.connectString =
        file.find(' ') == std::string::npos ? "db=" + file : "db=\"" + file + "\"";
  } else if (scheme == "postgresql" || scheme == "postgres" || scheme == "mysql" ||
             scheme == "mariadb") {
    ServerUrl server;
    if (!parseServer(rest, &server)) return invalid("malformed server URL");
    const bool postgres = scheme == "postgresql" || scheme == "postgres";
    std::string cs = "host=" + connectValue(server.host);
    if (!server.port.empty()) cs += " port=" + server.port;
    cs += (postgres ? " dbname=" : " db=") + connectValue(server.database);
    if (!server.user.empty()) cs += " user=" + connectValue(server.user);
    if (!server.password.empty()) cs += " password=" + connectValue(server.password);
    if (postgres) {
      parsed.dialect = SqlDialect::PostgreSQL;
      parsed.backend = "postgresql";
    } else {
      cs += " charset=utf8mb4";
      parsed.dialect = SqlDialect::MySQL;
      parsed.backend = "mysql";
    }
    parsed.connectString = std::move(cs);
  } else {
    return invalid("unsupported scheme '" + scheme + "'");
  }
  *out = std::move(parsed);
  return Status::OK();
}

}  // namespace zstack::db
