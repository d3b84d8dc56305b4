// The host's seam to the outside world that tests replace: the clock and the id sources.
//
// Two kinds of id, never mixed:
// - newUuid(): resource and job uuids. Time-ordered, so that new rows land at the end of every
//   uuid index; their random part comes from the OS CSPRNG, but the time part is public, and
//   knowing one must never grant anything.
// - newSecretUuid(): ids that grant access by being known (session uuids). All 128 bits come
//   from the OS CSPRNG: not time-ordered, unrelated to newUuid() and to one another.
// Every method may be called from any thread at once.
#pragma once

#include <chrono>
#include <string>

namespace zstack {

class Env {
 public:
  virtual ~Env() = default;
  virtual std::chrono::system_clock::time_point now() = 0;
  // A ZStack uuid: 32 lowercase hex characters (dashes stripped), unique and time-ordered.
  virtual std::string newUuid() = 0;
  // A ZStack-shaped uuid of 128 random bits from OpenSSL's RAND_bytes. Tests have no reason to
  // replace it, so it is not pure.
  virtual std::string newSecretUuid();

  // The real clock and ids.
  static Env& system();
};

// Whether `text` is a ZStack uuid (32 lowercase hex characters).
bool isZStackUuid(const std::string& text);

}  // namespace zstack
