#include "registry/fixed_apis.h"

namespace zstack {
namespace {

const Version kSince("5.1.8");

ParamSpec text(const char* name, std::size_t maxLength, const char* zh, const char* en) {
  ParamSpec spec;
  spec.name = name;
  spec.required = true;
  spec.nonBlank = true;
  spec.maxLength = maxLength;
  spec.since = kSince;
  spec.descriptionZh = zh;
  spec.descriptionEn = en;
  return spec;
}

ApiDescriptor fixedApi(const char* name, const char* method, const char* path, const char* parameterName,
                       const char* zh, const char* en) {
  ApiDescriptor api;
  api.name = name;
  api.method = method;
  api.path = path;
  api.parameterName = parameterName;
  api.async = false;
  api.since = kSince;
  api.descriptionZh = zh;
  api.descriptionEn = en;
  return api;
}

}  // namespace

ApiDescriptor logInByAccountApi() {
  ApiDescriptor api = fixedApi("LogInByAccount", "PUT", "/accounts/login", "logInByAccount", "使用账户登录",
                               "Logs in with an account and opens a session");
  api.params.push_back(text("accountName", 255, "账户名称", "account name"));
  ParamSpec password = text("password", 128, "密码的SHA-512摘要(十六进制)", "the SHA-512 hex digest of the password");
  password.secret = true;
  api.params.push_back(password);
  // The SDKs' captcha fields are taken and not checked: this node asks no captcha; failed logins
  // back off instead (docs/security.md).
  for (const char* name : {"captchaUuid", "verifyCode"}) {
    ParamSpec captcha = text(name, 255, "验证码(本节点不要求验证码)", "a captcha answer; accepted, not checked: failed logins back off instead");
    captcha.required = false;
    captcha.nonBlank = false;
    api.params.push_back(captcha);
  }
  return api;
}

// The session's uuid in the path is the credential: no Authorization header, as in ZStack.
ApiDescriptor logOutApi() {
  ApiDescriptor api = fixedApi("LogOut", "DELETE", "/accounts/sessions/{sessionUuid}", "", "退出登录",
                               "Logs out: ends the session");
  ParamSpec session = text("sessionUuid", 32, "会话UUID", "the session to end");
  session.uuid = true;
  api.params.push_back(session);
  return api;
}

std::vector<ApiDescriptor> fixedApis() { return {logInByAccountApi(), logOutApi()}; }

}  // namespace zstack
