#include "auth/host_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/digest.h"

namespace zstack::auth {
namespace {

// The format of a sealed text; a later one (another cipher, say) gets another.
constexpr std::string_view kVersion = "v1";
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;
// A sealed text of more than this many characters is not ours (and is not walked).
constexpr std::size_t kMaxSealed = 1024;

Status fileError(const std::filesystem::path& file, const std::string& what) {
  return invalidArgument("host key file " + file.string() + ": " + what +
                         " (host.accessKeys.keyFile; docs/operations.md, \"The host key\")");
}

std::string errnoText() { return std::strerror(errno); }

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

Status readKey(const std::filesystem::path& file, int fd, std::array<unsigned char, HostKey::kSize>* key) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fileError(file, "cannot be read: " + errnoText());
  if (!S_ISREG(info.st_mode)) return fileError(file, "is not a regular file");
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return fileError(file, "is readable or writable by its group or others; it must be mode 0600 (chmod 600)");
  }
  if (info.st_size != static_cast<off_t>(HostKey::kSize)) {
    return fileError(file, "must hold exactly " + std::to_string(HostKey::kSize) + " bytes, it holds " +
                               std::to_string(static_cast<long long>(info.st_size)));
  }
  std::size_t got = 0;
  while (got < key->size()) {
    const ssize_t n = ::read(fd, key->data() + got, key->size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fileError(file, "cannot be read: " + (n < 0 ? errnoText() : std::string("it is shorter than its size")));
    got += static_cast<std::size_t>(n);
  }
  return Status::OK();
}

// Writes a new key with O_EXCL, so that of nodes starting together on one shared folder one
// writes it and the others read it. False with `status` OK when another process was first.
bool createKey(const std::filesystem::path& file, std::array<unsigned char, HostKey::kSize>* key, Status* status) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    *status = fileError(file, "does not exist and cannot be created: " + errnoText());
    return true;
  }
  FdCloser closer{fd};
  if (RAND_bytes(key->data(), static_cast<int>(key->size())) != 1) {
    *status = fileError(file, "the OS random source failed");
    return true;
  }
  std::size_t written = 0;
  while (written < key->size()) {
    const ssize_t n = ::write(fd, key->data() + written, key->size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  if (written != key->size() || ::fsync(fd) != 0) {
    *status = fileError(file, "cannot be written: " + errnoText());
    ::unlink(file.c_str());
    return true;
  }
  *status = Status::OK();
  return true;
}

struct CipherDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter>;

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

Status unopenable() { return internalError("a stored access-key secret cannot be opened with this node's host key"); }

}  // namespace

Status HostKey::loadOrCreate(const std::filesystem::path& file, HostKey* out, bool* created) {
  *created = false;
  std::array<unsigned char, kSize> key{};
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
      FdCloser closer{fd};
      if (Status status = readKey(file, fd, &key); !status.ok()) return status;
      *out = fromBytes(key);
      return Status::OK();
    }
    if (errno != ENOENT) return fileError(file, "cannot be opened: " + errnoText());
    Status status;
    if (createKey(file, &key, &status)) {
      if (!status.ok()) return status;
      *out = fromBytes(key);
      *created = true;
      return Status::OK();
    }
  }
  return fileError(file, "appeared and vanished while this node started");
}

HostKey HostKey::fromBytes(const std::array<unsigned char, kSize>& bytes) {
  HostKey key;
  key.key_ = bytes;
  const std::string digest = sha256Hex(std::string("zstack host key\n") +
                                       std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  key.id_ = digest.substr(0, 16);
  return key;
}

std::string HostKey::seal(std::string_view plain, std::string_view context) const {
  std::string box(kNonceSize + plain.size() + kTagSize, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  auto* cipherText = nonce + kNonceSize;
  if (RAND_bytes(nonce, kNonceSize) != 1) throw std::runtime_error("RAND_bytes failed");
  Cipher ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  int final = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(context), static_cast<int>(context.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cipherText, &length, bytes(plain), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cipherText + length, &final) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipherText + plain.size()) != 1) {
    throw std::runtime_error("AES-256-GCM encryption failed");
  }
  return std::string(kVersion) + "." + id_ + "." + base64Encode(box);
}

Status HostKey::open(std::string_view sealed, std::string_view context, std::string* plain) const {
  if (sealed.size() > kMaxSealed) return unopenable();
  const std::string prefix = std::string(kVersion) + "." + id_ + ".";
  if (sealed.substr(0, prefix.size()) != prefix) return unopenable();
  std::string box;
  if (!base64Decode(sealed.substr(prefix.size()), &box) || box.size() < kNonceSize + kTagSize) return unopenable();
  const std::size_t size = box.size() - kNonceSize - kTagSize;
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  auto* cipherText = nonce + kNonceSize;
  std::string out(size, '\0');
  Cipher ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  int final = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(context), static_cast<int>(context.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, cipherText,
                        static_cast<int>(size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, cipherText + size) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + length, &final) != 1) {
    return unopenable();
  }
  *plain = std::move(out);
  return Status::OK();
}

}  // namespace zstack::auth
