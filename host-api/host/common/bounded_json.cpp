#include "common/bounded_json.h"

namespace zstack {

namespace {

using json = nlohmann::json;

// nlohmann's own DOM builder behind a SAX handler that counts what the document opens and holds,
// and stops the parse at once when it passes a bound: a hostile body then costs what it takes to
// reach the bound, not its whole length (a parser callback can only discard, and the parse went
// on to the end: seconds for 8 MiB of nesting under the sanitizers).
class BoundedSax {
 public:
  BoundedSax(json* out, const JsonLimits& limits) : dom_(*out, false), limits_(limits) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& text) { return value() && dom_.number_float(v, text); }
  bool string(json::string_t& v) { return value() && dom_.string(v); }
  bool binary(json::binary_t& v) { return value() && dom_.binary(v); }
  bool start_object(std::size_t elements) { return open() && dom_.start_object(elements); }
  bool key(json::string_t& v) { return dom_.key(v); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t elements) { return open() && dom_.start_array(elements); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    return dom_.parse_error(position, token, e);
  }

  bool tooDeep = false;
  bool tooMany = false;

 private:
  bool value() {
    tooMany = ++values_ > limits_.maxValues;
    return !tooMany;
  }
  bool open() {
    tooDeep = ++depth_ > limits_.maxDepth;
    return !tooDeep && value();
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  const JsonLimits& limits_;
  int depth_ = 0;  // {} and [] at the top are level 1
  std::size_t values_ = 0;
};

}  // namespace

Status parseBoundedJson(std::string_view text, const JsonLimits& limits, nlohmann::json* out, std::string_view what) {
  json parsed;
  BoundedSax sax(&parsed, limits);
  const bool ok = json::sax_parse(text.begin(), text.end(), &sax);
  if (sax.tooDeep) {
    return invalidArgument(std::string(what) + " nests objects or arrays deeper than " +
                           std::to_string(limits.maxDepth) + " levels");
  }
  if (sax.tooMany) {
    return invalidArgument(std::string(what) + " holds more than " + std::to_string(limits.maxValues) + " JSON values");
  }
  if (!ok) return invalidArgument(std::string(what) + " is not valid JSON");
  *out = std::move(parsed);
  return Status::OK();
}

std::string jsonPreview(const nlohmann::json& value) {
  constexpr std::size_t kShown = 64;
  switch (value.type()) {
    case nlohmann::json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      if (text.size() <= kShown) return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return nlohmann::json(text.substr(0, kShown)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
             "... (" + std::to_string(text.size()) + " bytes)";
    }
    case nlohmann::json::value_t::object: return "an object of " + std::to_string(value.size()) + " keys";
    case nlohmann::json::value_t::array: return "a list of " + std::to_string(value.size()) + " elements";
    default: return value.dump();
  }
}

std::string textPreview(std::string_view text, std::size_t maxBytes) {
  if (text.size() <= maxBytes) return std::string(text);
  std::size_t cut = maxBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace zstack
