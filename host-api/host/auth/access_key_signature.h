// The wire form of ZStack's signed requests, as the SDK's calculateAccessKeySignature makes it:
//
//   Date: Tue, 01 Dec 2026 23:55:00 Asia/Shanghai          (EEE, dd MMM yyyy HH:mm:ss VV)
//   Authorization: ZStack <AccessKeyID>:<base64 HMAC-SHA1(secret, METHOD\nDATE\n/v1<path>)>
//
// where <path> is the API's path with its variables filled in, without the /zstack prefix and
// without the query string. Pure functions: any thread, any number at once.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "zstack/error.h"

namespace zstack::auth {

// The Authorization scheme of signed requests.
inline constexpr std::string_view kAccessKeyScheme = "ZStack ";
// Longer ids or signatures are refused before anything looks them up.
inline constexpr std::size_t kMaxAccessKeyIdLength = 64;
inline constexpr std::size_t kMaxSignatureLength = 64;

// `credential` is what follows "ZStack ": "<id>:<signature>", blanks around it ignored.
// SYS.1007 "accessKey format is 'ZStack AccessKeyId:Signature'" unless it is exactly two
// non-empty parts of at most the lengths above.
Status parseAccessKeyCredential(std::string_view credential, std::string* accessKeyId, std::string* signature);

// The instant a Date header names, in the SDK's format, case-insensitive. The zone may be Z, UT,
// UTC, GMT, an offset (+08:00, +0800, +08, +8, UTC+08:00, GMT-05:00; signed as Java signs
// them), Etc/UTC and its aliases, or a name of the tz database in /usr/share/zoneinfo
// (Asia/Shanghai), for which the offset of that local time is looked up there. SYS.1007 naming the expected format when the text is not such
// a date (the weekday must be that of the date), and naming the zone when it is unknown.
Status parseRequestDate(std::string_view text, std::chrono::system_clock::time_point* out);
// The same with the tz database in `zoneinfo` (tests).
Status parseRequestDate(std::string_view text, const std::string& zoneinfo,
                        std::chrono::system_clock::time_point* out);

// "METHOD\nDATE\n/v1<path>".
std::string accessKeyStringToSign(std::string_view method, std::string_view date, std::string_view path);
// The signature a request with this string to sign carries when made with `secret`.
std::string accessKeySignature(std::string_view secret, std::string_view stringToSign);

}  // namespace zstack::auth
