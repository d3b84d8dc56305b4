#include "auth/access_key_signature.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "common/digest.h"
#include "common/log.h"

namespace zstack::auth {
namespace {

using std::chrono::seconds;

constexpr std::string_view kSystemZoneinfo = "/usr/share/zoneinfo";
constexpr std::size_t kMaxDateLength = 128;
constexpr std::size_t kMaxZoneLength = 64;
// A tz database file larger than this is not one (the biggest are a few KiB).
constexpr std::size_t kMaxZoneFileBytes = 256 * 1024;

Status malformedCredential() { return invalidArgument("accessKey format is 'ZStack AccessKeyId:Signature'"); }

Status malformedDate() {
  return invalidArgument(
      "'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss VV' (e.g. 'Tue, 01 Dec 2026 23:55:00 UTC')");
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// `digits` decimal digits at text[at...]; nullopt when they are not all digits.
std::optional<int> number(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// The index of `name` among `names` (case-insensitive); -1 when absent.
template <std::size_t N>
int indexOf(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (equalsIgnoringCase(names[i], name)) return static_cast<int>(i);
  }
  return -1;
}

// "+08:00", "+0800", "+08", "+8", "-05:30:00": the offset east of UTC, as Java's ZoneOffset
// reads it (so "GMT+8" is UTC+8, unlike the tz database's POSIX-signed "Etc/GMT+8"); nullopt
// otherwise.
std::optional<seconds> parseOffset(std::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const int sign = text[0] == '-' ? -1 : 1;
  if (text.size() == 2) {
    const auto hour = number(text, 1, 1);
    if (!hour) return std::nullopt;
    return seconds(sign * *hour * 3600);
  }
  const auto hours = number(text, 1, 2);
  if (!hours || *hours > 18) return std::nullopt;
  int minutes = 0;
  int secs = 0;
  std::string_view rest = text.substr(3);
  if (!rest.empty()) {
    const bool colons = rest[0] == ':';
    if (colons) rest.remove_prefix(1);
    const auto m = number(rest, 0, 2);
    if (!m || *m > 59) return std::nullopt;
    minutes = *m;
    rest.remove_prefix(2);
    if (!rest.empty()) {
      if (colons != (rest[0] == ':')) return std::nullopt;
      if (colons) rest.remove_prefix(1);
      const auto s = number(rest, 0, 2);
      if (!s || *s > 59 || rest.size() != 2) return std::nullopt;
      secs = *s;
    }
  }
  return seconds(sign * (*hours * 3600 + minutes * 60 + secs));
}

// One zone of the tz database (RFC 8536, TZif), as much of it as telling a local time's
// offset needs: the transitions and the offsets they switch to.
struct ZoneRules {
  std::vector<std::int64_t> transitions;  // UTC seconds, ascending
  std::vector<std::uint8_t> typeOfTransition;
  std::vector<std::int32_t> offsets;  // of each local time type
  // After the last transition: the footer's offset when the zone no longer changes; none when
  // it does (its rule is not read here), so such times are refused.
  std::optional<std::int32_t> offsetAfter;
};

std::int64_t bigEndian(const std::string& data, std::size_t at, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value = (value << 8) | static_cast<unsigned char>(data[at + i]);
  if (size == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
  return static_cast<std::int64_t>(value);
}

// The footer's TZ string when it names a fixed offset ("CST-8", "<+08>-8", "UTC0"): POSIX
// counts west of UTC, so the sign flips.
std::optional<std::int32_t> fixedOffsetOfFooter(std::string_view footer) {
  if (footer.empty() || footer.find(',') != std::string_view::npos) return std::nullopt;
  std::size_t at = 0;
  if (footer[0] == '<') {
    at = footer.find('>');
    if (at == std::string_view::npos) return std::nullopt;
    ++at;
  } else {
    while (at < footer.size() && std::isalpha(static_cast<unsigned char>(footer[at]))) ++at;
  }
  std::string_view rest = footer.substr(at);
  int sign = -1;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    sign = rest[0] == '-' ? 1 : -1;
    rest.remove_prefix(1);
  }
  std::int32_t parts[3] = {0, 0, 0};
  int part = 0;
  bool any = false;
  for (char c : rest) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      parts[part] = parts[part] * 10 + (c - '0');
      if (parts[part] > 167) return std::nullopt;
      any = true;
    } else if (c == ':' && part < 2) {
      ++part;
    } else {
      return std::nullopt;  // a DST zone name follows: not fixed
    }
  }
  if (!any) return std::nullopt;
  return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
}

std::optional<ZoneRules> parseTzif(const std::string& data) {
  constexpr std::size_t kHeader = 44;
  auto counts = [&](std::size_t at, std::array<std::int64_t, 6>* out) {
    if (data.size() < at + kHeader || data.compare(at, 4, "TZif") != 0) return false;
    for (std::size_t i = 0; i < 6; ++i) (*out)[i] = bigEndian(data, at + 20 + 4 * i, 4);
    return std::all_of(out->begin(), out->end(), [](std::int64_t c) { return c >= 0 && c < 100000; });
  };
  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  std::array<std::int64_t, 6> c{};
  if (!counts(0, &c)) return std::nullopt;
  auto blockSize = [&](const std::array<std::int64_t, 6>& n, std::size_t timeSize) {
    return static_cast<std::size_t>(n[3] * static_cast<std::int64_t>(timeSize) + n[3] + n[4] * 6 + n[5] +
                                    n[2] * static_cast<std::int64_t>(timeSize + 4) + n[1] + n[0]);
  };
  std::size_t at = kHeader;
  std::size_t timeSize = 4;
  const char version = data[4];
  if (version >= '2') {
    // Version 2 and later repeat the data with 64-bit times, then a footer: use those.
    at = kHeader + blockSize(c, 4);
    if (!counts(at, &c)) return std::nullopt;
    at += kHeader;
    timeSize = 8;
  }
  if (data.size() < at + blockSize(c, timeSize) || c[4] == 0) return std::nullopt;
  ZoneRules rules;
  const auto timeCount = static_cast<std::size_t>(c[3]);
  const auto typeCount = static_cast<std::size_t>(c[4]);
  for (std::size_t i = 0; i < timeCount; ++i) rules.transitions.push_back(bigEndian(data, at + i * timeSize, timeSize));
  at += timeCount * timeSize;
  for (std::size_t i = 0; i < timeCount; ++i) {
    const auto type = static_cast<std::uint8_t>(data[at + i]);
    if (type >= typeCount) return std::nullopt;
    rules.typeOfTransition.push_back(type);
  }
  at += timeCount;
  for (std::size_t i = 0; i < typeCount; ++i) rules.offsets.push_back(static_cast<std::int32_t>(bigEndian(data, at + 6 * i, 4)));
  at += blockSize(c, timeSize) - timeCount * (timeSize + 1);
  if (version >= '2' && at < data.size() && data[at] == '\n') {
    const std::size_t end = data.find('\n', at + 1);
    if (end != std::string::npos) rules.offsetAfter = fixedOffsetOfFooter(std::string_view(data).substr(at + 1, end - at - 1));
  } else if (version < '2') {
    rules.offsetAfter = rules.offsets[rules.typeOfTransition.empty() ? 0 : rules.typeOfTransition.back()];
  }
  return rules;
}

// The zone's offset at the UTC instant `utc`; nullopt past the transitions of a zone whose
// rule goes on changing.
std::optional<std::int32_t> offsetAt(const ZoneRules& rules, std::int64_t utc) {
  if (rules.transitions.empty() || utc < rules.transitions.front()) {
    if (rules.transitions.empty() && rules.offsetAfter) return rules.offsetAfter;
    return rules.offsets[0];
  }
  // A fat file of the tz database lists the transitions of a changing rule until 2037; past
  // the listed ones its rule is not read.
  if (utc >= rules.transitions.back()) return rules.offsetAfter;
  const auto next = std::upper_bound(rules.transitions.begin(), rules.transitions.end(), utc);
  return rules.offsets[rules.typeOfTransition[static_cast<std::size_t>(next - rules.transitions.begin()) - 1]];
}

bool isZoneName(std::string_view name) {
  if (name.empty() || name.size() > kMaxZoneLength || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char ch) {
    return std::isalnum(ch) || ch == '/' || ch == '_' || ch == '-' || ch == '+';
  });
}

std::optional<ZoneRules> loadZone(const std::string& zoneinfo, std::string_view name) {
  if (!isZoneName(name)) return std::nullopt;
  std::ifstream in(zoneinfo + "/" + std::string(name), std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(kMaxZoneFileBytes + 1, '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(in.gcount()));
  if (data.size() > kMaxZoneFileBytes) return std::nullopt;
  return parseTzif(data);
}

// loadZone, each zone read once: an SDK whose JVM runs in Asia/Shanghai names that zone in
// every Date. At most kMaxCachedZones zones are kept (only names that are zones get in); a
// name beyond them is read per request, as before any was kept.
constexpr std::size_t kMaxCachedZones = 64;

std::optional<ZoneRules> cachedZone(const std::string& zoneinfo, std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, ZoneRules, std::less<>> zones;  // by zoneinfo + '\n' + name
  const std::string key = zoneinfo + '\n' + std::string(name);
  {
    std::lock_guard lock(mutex);
    if (auto it = zones.find(key); it != zones.end()) return it->second;
  }
  std::optional<ZoneRules> rules = loadZone(zoneinfo, name);
  if (rules) {
    std::lock_guard lock(mutex);
    if (zones.size() < kMaxCachedZones) zones.emplace(key, *rules);
  }
  return rules;
}

// The UTC instant of the local time `local` (seconds as if it were UTC) in `zone`.
std::optional<std::int64_t> localToUtc(const ZoneRules& zone, std::int64_t local) {
  const auto first = offsetAt(zone, local);
  if (!first) return std::nullopt;
  const auto second = offsetAt(zone, local - *first);
  if (!second) return std::nullopt;
  return local - *second;
}

}  // namespace

Status parseAccessKeyCredential(std::string_view credential, std::string* accessKeyId, std::string* signature) {
  credential = trimmed(credential);
  const std::size_t colon = credential.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == credential.size() ||
      credential.find(':', colon + 1) != std::string_view::npos || colon > kMaxAccessKeyIdLength ||
      credential.size() - colon - 1 > kMaxSignatureLength) {
    return malformedCredential();
  }
  *accessKeyId = std::string(credential.substr(0, colon));
  *signature = std::string(credential.substr(colon + 1));
  return Status::OK();
}

Status parseRequestDate(std::string_view text, std::chrono::system_clock::time_point* out) {
  return parseRequestDate(text, std::string(kSystemZoneinfo), out);
}

Status parseRequestDate(std::string_view text, const std::string& zoneinfo, std::chrono::system_clock::time_point* out) {
  static constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  text = trimmed(text);
  // "Tue, 01 Dec 2026 23:55:00 " is 26 characters; the zone follows.
  if (text.size() > kMaxDateLength || text.size() < 27) return malformedDate();
  const int weekday = indexOf(kWeekdays, text.substr(0, 3));
  const int month = indexOf(kMonths, text.substr(8, 3));
  const auto day = number(text, 5, 2);
  const auto year = number(text, 12, 4);
  const auto hour = number(text, 17, 2);
  const auto minute = number(text, 20, 2);
  const auto second = number(text, 23, 2);
  if (weekday < 0 || month < 0 || !day || !year || !hour || !minute || !second || text.substr(3, 2) != ", " ||
      text[7] != ' ' || text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':' || text[25] != ' ' ||
      *hour > 23 || *minute > 59 || *second > 59) {
    return malformedDate();
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(month + 1)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return malformedDate();
  const sys_days days(date);
  if (std::chrono::weekday(days).c_encoding() != static_cast<unsigned>(weekday)) {
    return invalidArgument("'Date' " + log::quote(std::string(text), 64) + ": the weekday is not that of the date");
  }
  const std::int64_t local = duration_cast<seconds>(days.time_since_epoch()).count() + *hour * 3600LL +
                             *minute * 60LL + *second;

  const std::string_view zone = text.substr(26);
  std::optional<std::int64_t> utc;
  std::string_view offsetText = zone;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (offsetText.size() >= prefix.size() && equalsIgnoringCase(offsetText.substr(0, prefix.size()), prefix)) {
      offsetText.remove_prefix(prefix.size());
      break;
    }
  }
  static constexpr std::array<std::string_view, 10> kUtcNames = {
      "Z", "UCT", "Zulu", "Universal", "Greenwich", "Etc/UTC", "Etc/UCT", "Etc/GMT", "Etc/Zulu", "Etc/Universal"};
  if (indexOf(kUtcNames, zone) >= 0 || offsetText.empty()) {
    utc = local;
  } else if (const auto offset = parseOffset(offsetText)) {
    utc = local - offset->count();
  } else if (const auto rules = cachedZone(zoneinfo, zone)) {
    utc = localToUtc(*rules, local);
  }
  if (!utc) {
    return invalidArgument("'Date' names the time zone " + log::quote(std::string(zone), kMaxZoneLength) +
                           ", which this node does not know; use UTC, an offset such as +08:00, or a name of the "
                           "tz database such as Asia/Shanghai");
  }
  *out = system_clock::time_point(seconds(*utc));
  return Status::OK();
}

std::string accessKeyStringToSign(std::string_view method, std::string_view date, std::string_view path) {
  std::string out;
  out.reserve(method.size() + date.size() + path.size() + 5);
  out.append(method).append("\n").append(date).append("\n/v1").append(path);
  return out;
}

std::string accessKeySignature(std::string_view secret, std::string_view stringToSign) {
  return hmacSha1Base64(secret, stringToSign);
}

}  // namespace zstack::auth
