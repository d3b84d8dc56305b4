#include "registry/fixed_apis.h"

#include "zstack/sdk/api_builder.h"

namespace zstack {
namespace {

const Version kSince("5.1.8");

// A required, non-blank String.
sdk::Param text(const char* name, std::size_t maxLength, const char* zh, const char* en) {
  return sdk::text(name, kSince, zh, en).required().nonBlank().max(maxLength);
}

// Sessions are not jobs: these answer at once.
ApiDescriptor fixedApi(const char* name, sdk::Route route, const char* zh, const char* en, std::vector<ParamSpec> params) {
  ApiDescriptor api = sdk::describeApi(name, std::move(route), "", kSince, zh, en, std::move(params));
  api.async = false;
  return api;
}

// ZStack's login audit record of the client (clientIp, clientBrowser). This node logs the
// connection's address instead, which a client cannot choose.
ParamSpec clientInfo() {
  return sdk::Param("clientInfo", ParamType::Map, kSince, "客户端信息(本节点记录连接地址)",
                    "the client's clientIp and clientBrowser, for ZStack's login audit; accepted, not used: the log "
                    "names the connection's address")
      .max(16);
}

}  // namespace

ApiDescriptor logInByAccountApi() {
  // The SDKs' captcha fields are taken and not checked: this node asks no captcha; failed logins
  // back off instead (docs/security.md).
  std::vector<ParamSpec> params = {
      text("accountName", 255, "账户名称", "account name"),
      text("password", 128, "密码的SHA-512摘要(十六进制)", "the SHA-512 hex digest of the password").secret()};
  for (const char* name : {"captchaUuid", "verifyCode"}) {
    params.push_back(sdk::text(name, kSince, "验证码(本节点不要求验证码)",
                               "a captcha answer; accepted, not checked: failed logins back off instead")
                         .max(255));
  }
  params.push_back(sdk::text("accountType", kSince, "登录类型: 缺省或account",
                             "the login type: absent or \"account\"; ZStack's others (IAM2 users, LDAP) find no "
                             "account here, so they fail as a wrong name or password")
                       .max(255));
  params.push_back(clientInfo());
  ApiDescriptor api = fixedApi("LogInByAccount", {"PUT", "/accounts/login", "logInByAccount"}, "使用账户登录",
                               "Logs in with an account and opens a session", std::move(params));
  api.answer = {{"inventory", SchemaClass{"org.zstack.header.identity.SessionInventory", {}}}};
  return api;
}

// The session's uuid in the path is the credential: no Authorization header, as in ZStack.
ApiDescriptor logOutApi() {
  return fixedApi("LogOut", {"DELETE", "/accounts/sessions/{sessionUuid}", ""}, "退出登录",
                  "Logs out: ends the session",
                  {text("sessionUuid", 32, "会话UUID", "the session to end").uuid(), clientInfo()});
}

std::vector<ApiDescriptor> fixedApis() { return {logInByAccountApi(), logOutApi()}; }

}  // namespace zstack
