#include "loader/plugin_order.h"

#include <map>
#include <stdexcept>

namespace zstack {

Status startOrder(const std::vector<PluginRequirements>& plugins, std::vector<std::size_t>* order) {
  std::map<std::string, std::size_t> indexOf;
  for (std::size_t i = 0; i < plugins.size(); ++i) indexOf.emplace(plugins[i].name, i);
  std::vector<std::vector<std::size_t>> required(plugins.size());
  for (std::size_t i = 0; i < plugins.size(); ++i) {
    for (const std::string& name : plugins[i].requirements) {
      const auto it = indexOf.find(name);
      if (it == indexOf.end()) {
        throw std::invalid_argument("plugin " + plugins[i].name + " requires " + name + ", which is not listed");
      }
      required[i].push_back(it->second);
    }
  }
  std::vector<bool> placed(plugins.size(), false);
  order->clear();
  while (order->size() < plugins.size()) {
    bool progress = false;
    for (std::size_t i = 0; i < plugins.size(); ++i) {
      if (placed[i]) continue;
      bool ready = true;
      for (std::size_t r : required[i]) ready = ready && placed[r];
      if (!ready) continue;
      placed[i] = true;
      order->push_back(i);
      progress = true;
      break;  // the next one is again the first listed that is ready
    }
    if (progress) continue;
    // Every plugin left waits for another one left: walking from the first of them along
    // requirements that are not placed must come back to a plugin already seen.
    std::size_t at = 0;
    while (placed[at]) ++at;
    std::vector<std::size_t> path;
    std::vector<int> seenAt(plugins.size(), -1);
    while (seenAt[at] < 0) {
      seenAt[at] = static_cast<int>(path.size());
      path.push_back(at);
      for (std::size_t r : required[at]) {
        if (!placed[r]) {
          at = r;
          break;
        }
      }
    }
    std::string cycle;
    for (std::size_t i = static_cast<std::size_t>(seenAt[at]); i < path.size(); ++i) {
      const std::size_t next = i + 1 < path.size() ? path[i + 1] : at;
      cycle += (cycle.empty() ? "" : ", ") + plugins[path[i]].name + " requires " + plugins[next].name;
    }
    order->clear();
    return invalidArgument("plugin requirements form a cycle: " + cycle);
  }
  return Status::OK();
}

}  // namespace zstack
