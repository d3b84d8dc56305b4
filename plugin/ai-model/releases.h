// The ai-model releases whose API or schema changed: every since-version of a parameter, column
// or query field names one of these, so that each release is spelled once.
#pragma once

#include "zstack/version.h"

namespace zstack::ai {

inline const Version kV518("5.1.8");  // the first release: its schema is V5.1.8__base.sql
inline const Version kV521("5.2.1");
inline const Version kV546("5.4.6");
inline const Version kV556("5.5.6");
inline const Version kV5512("5.5.12");
inline const Version kV5522("5.5.22");
// Every field of ZStack SDK 5.1.20's model center and model service actions (docs/upgrading.md).
inline const Version kV5528("5.5.28");

}  // namespace zstack::ai
