// Validates an OpenAPI document: node validate.mjs <file>. Exit 0 when valid, 1 with the
// reasons otherwise. swagger-parser checks the document against the official OpenAPI 3.0
// schema and resolves every $ref; for OpenAPI 3 it leaves out the rules the schema cannot
// express, so the two that matter here are checked below: every path template variable has
// exactly one required path parameter (and no path parameter lacks its variable), and
// operationIds are unique.
import SwaggerParser from "@apidevtools/swagger-parser";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function semanticErrors(api) {
  const errors = [];
  const operationIds = new Map();
  for (const [path, item] of Object.entries(api.paths)) {
    const variables = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = item[method];
      const where = `${method.toUpperCase()} ${path}`;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
      const inPath = parameters.filter((p) => p.in === "path");
      for (const variable of variables) {
        const declared = inPath.filter((p) => p.name === variable);
        if (declared.length !== 1) errors.push(`${where}: {${variable}} is declared ${declared.length} times`);
        else if (declared[0].required !== true) errors.push(`${where}: path parameter ${variable} is not required`);
      }
      for (const p of inPath) {
        if (!variables.includes(p.name)) errors.push(`${where}: path parameter ${p.name} is not in the path`);
      }
      const seen = new Set();
      for (const p of parameters) {
        const key = `${p.in}:${p.name}`;
        if (seen.has(key)) errors.push(`${where}: parameter ${key} is declared twice`);
        seen.add(key);
      }
      if (operation.operationId) {
        if (operationIds.has(operation.operationId)) {
          errors.push(`${where}: operationId ${operation.operationId} is also ${operationIds.get(operation.operationId)}'s`);
        }
        operationIds.set(operation.operationId, where);
      }
    }
  }
  return errors;
}

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs <openapi.json>");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  const errors = semanticErrors(api);
  if (errors.length) {
    console.error(`invalid:\n  ${errors.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths`);
} catch (error) {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
}
