#!/usr/bin/env python3
"""Prints the rows of sdkActions() (sdk_actions.h) from ZStack's Java SDK (zstackio/zstack, branch
5.1.20, sdk/): for each action, its route and every field with its type and whether the SDK
requires it. Credentials and transport settings are how a call is sent, not its fields.

  sdk_actions.py <git dir of zstackio/zstack> AddModel UpdateModel ... > rows
"""
import re, subprocess, sys
REPO = sys.argv[1]
ACTIONS = sys.argv[2:]
SKIP = {"sessionId", "accessKeyId", "accessKeySecret", "requestIp", "timeout", "pollingInterval",
        "isSuppressCredentialCheck"}
TYPES = {"java.lang.String": "String", "java.lang.Integer": "Integer", "java.lang.Long": "Long",
         "java.lang.Boolean": "Boolean", "boolean": "Boolean", "java.util.List": "List", "java.util.Map": "Map",
         "int": "Integer", "long": "Long"}
for action in ACTIONS:
    src = subprocess.run(["git", "-C", REPO, "show", "5.1.20:sdk/src/main/java/org/zstack/sdk/%sAction.java" % action],
                         check=True, capture_output=True, text=True).stdout
    route = {k: re.search(r'info\.%s = "([^"]*)";' % k, src).group(1) for k in ("httpMethod", "path", "parameterName")}
    fields = []
    for m in re.finditer(r'@Param\(([^)]*)\)\s+public ([\w.]+) (\w+)', src):
        opts, jtype, name = m.groups()
        if name in SKIP:
            continue
        required = "required = true" in opts
        fields.append('{"%s", "%s", %s}' % (name, TYPES[jtype], "true" if required else "false"))
    print('    {"%s", "%s", "%s", "%s",\n     {%s}},' % (action, route["httpMethod"], route["path"], route["parameterName"],
                                                     ",\n      ".join(fields)))
