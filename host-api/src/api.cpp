#include "zstack/api.h"

namespace zstack {

const char* paramTypeName(ParamType type) {
  switch (type) {
    case ParamType::String: return "String";
    case ParamType::Long: return "Long";
    case ParamType::Integer: return "Integer";
    case ParamType::Boolean: return "Boolean";
    case ParamType::List: return "List";
    case ParamType::Map: return "Map";
  }
  return "String";
}

}  // namespace zstack
