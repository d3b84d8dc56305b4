// zstack-cli's arguments for one API, turned into the HTTP request a ZStack SDK would send.
//
// APIs take key=value arguments, checked against the API's parameter table: unknown, repeated
// or missing required keys and values of the wrong type are refused before anything is sent.
// Values are converted by the parameter's type: Integer/Long as numbers, Boolean true|false,
// List split at commas ("\," is a comma), Map as a JSON object; systemTags and userTags are
// lists too. Passwords (hashesParam) are sent as their SHA-512 hex, as ZStack's CLI does.
//
// Queries take conditions <field><op><value> with ZStack's operators = != > >= < <= ~= !~=
// ?= !?=, and ZStack CLI's shorthands: a value holding % makes = a LIKE (~=), a ~= value
// without % or _ matches anywhere (%value%), field=null is "is null" and field!=null "not
// null" (field?=null matches the text "null"); and the keys limit, start, count,
// replyWithCount, sortBy, sortDirection and fields.
#pragma once

#include <string>
#include <vector>

#include "cli/catalog.h"
#include "zstack/error.h"

namespace zstack::cli {

// "a, b, c": for the lists that messages and help texts show.
std::string joined(const std::vector<std::string>& values, const char* separator = ", ");

struct Request {
  std::string method;
  std::string target;  // "/zstack/v1/ai/models?q=..."
  std::string body;    // JSON text; empty for GET and DELETE
};

// SYS.1007 saying what is wrong with the arguments; nothing is to be sent then.
Status buildRequest(const Api& api, const std::vector<std::string>& arguments, Request* out);

// Whether `param` of `api` is sent as the SHA-512 hex of the value given (passwords).
bool hashesParam(const std::string& api, const std::string& param);

// Whether zstack-cli fills `param` of `api` with the kept session's uuid when it is not given
// (LogOut's sessionUuid, as ZStack's CLI does).
bool defaultsToSession(const std::string& api, const std::string& param);

// A list argument's elements: split at commas, "\," being a comma and "\\" a backslash.
std::vector<std::string> splitList(const std::string& text);

}  // namespace zstack::cli
