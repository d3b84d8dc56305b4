#include "common/bounded_json.h"

namespace zstack {

Status parseBoundedJson(std::string_view text, const JsonLimits& limits, nlohmann::json* out, std::string_view what) {
  using Event = nlohmann::json::parse_event_t;
  bool tooDeep = false;
  std::size_t values = 0;
  // Returning false discards the value (and so everything below it) instead of building it;
  // the parse then runs to the end of the text, which the body limit already bounds.
  auto withinBounds = [&](int depth, Event event, nlohmann::json&) {
    if (event == Event::object_start || event == Event::array_start) {
      if (depth >= limits.maxDepth) tooDeep = true;
      ++values;
    } else if (event == Event::value) {
      ++values;
    }
    return !tooDeep && values <= limits.maxValues;
  };
  nlohmann::json parsed = nlohmann::json::parse(text.begin(), text.end(), withinBounds, false);
  if (tooDeep) {
    return invalidArgument(std::string(what) + " nests objects or arrays deeper than " +
                           std::to_string(limits.maxDepth) + " levels");
  }
  if (values > limits.maxValues) {
    return invalidArgument(std::string(what) + " holds more than " + std::to_string(limits.maxValues) + " JSON values");
  }
  if (parsed.is_discarded()) return invalidArgument(std::string(what) + " is not valid JSON");
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
