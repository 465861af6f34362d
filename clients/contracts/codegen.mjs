// Generates src/ from schema/: per contract, with @cosmwasm/ts-codegen, a typed client (queries and executes) and
// message builders (<Contract>.message-builder.ts: a static method per execute and query message that takes camelCase
// fields and returns the message with the schema's snake_case keys); and the type of each contract's cw20 hook
// (schema/<contract>/raw/receive.json, which cosmwasm-schema's IDL leaves out) with json-schema-to-typescript, plus its
// builder (<Contract>.hook-builder.ts) made by ts-codegen's own message-builder generator over that schema.
// builders.ts gathers every builder for the drivers in plain JavaScript (scripts/bench, scripts/soak: dist/src/builders.js).
// usage: node codegen.mjs            regenerate src/
//        node codegen.mjs --check    fail when src/ differs from what schema/ generates
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import tsCodegen from "@cosmwasm/ts-codegen";

const codegen = tsCodegen.default ?? tsCodegen;
import { compile } from "json-schema-to-typescript";

// ts-codegen's own AST of a message builder and the printer it writes its files with, taken from ts-codegen's
// dependencies so that the hook builders come out of exactly the generator the execute and query builders do.
const fromTsCodegen = createRequire(createRequire(import.meta.url).resolve("@cosmwasm/ts-codegen"));
const { RenderContext, createMessageBuilderClass } = fromTsCodegen("@cosmwasm/ts-codegen-ast");
const printAst = fromTsCodegen("@babel/generator").default;

const here = resolve(import.meta.dirname);
const schemaRoot = resolve(here, "../../schema");
const check = process.argv.includes("--check");
const out = check ? mkdtempSync(join(tmpdir(), "infermesh-codegen-")) : join(here, "src");

// Contract directory → the name its client takes (InfermeshStaking → Staking: the names stay short).
const pascal = (dir) => dir.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("");
const contracts = readdirSync(schemaRoot).sort().map((dir) => ({ name: pascal(dir), dir: join(schemaRoot, dir) }));

// The council is cw-plus's cw3-fixed-multisig, whose query and execute share the name `vote`: a
// generated client would not type-check, so it gets its types only.
const typesOnly = new Set(["Council"]);
const generate = (list, client) =>
  codegen({
    contracts: list,
    outPath: out,
    options: {
      bundle: { enabled: false },
      types: { enabled: true },
      client: { enabled: client },
      messageComposer: { enabled: false },
      reactQuery: { enabled: false },
      recoil: { enabled: false },
      messageBuilder: { enabled: true },
      useContractsHook: { enabled: false },
    },
  });
if (!check) rmSync(out, { recursive: true, force: true });
await generate(contracts.filter((c) => !typesOnly.has(c.name)), true);
await generate(contracts.filter((c) => typesOnly.has(c.name)), false);

// The builder of a cw20 hook: ts-codegen's message builder over the hook's schema, the hook's union type (from
// json-schema-to-typescript, <Contract>.hook.ts) standing where an ExecuteMsg would.
function hookBuilder(name, schema, hookTs, source) {
  const msg = { ...schema, title: `${name}Hook` };
  const builder = createMessageBuilderClass(new RenderContext({ schemas: [msg] }, {}), `${name}HookBuilder`, msg);
  // Every type the hook file exports: a variant whose content is a $ref to a oneOf takes that type by name.
  const types = [...hookTs.matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]);
  return [
    `/** Builders of the cw20 hook of ${name} (the \`msg\` of a cw20 Send to it), generated from ${source} by codegen.mjs`,
    ` * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */`,
    `import type { ${types.join(", ")} } from "./${name}.hook";`,
    `import type { CamelCasedProperties } from "type-fest";`,
    printAst(builder).code,
    "",
  ].join("\n");
}

const index = [];
const builders = [];
for (const { name, dir } of contracts) {
  const module = typesOnly.has(name) ? "types" : "client";
  index.push(`export * as ${name} from "./${name}.${module}";`);
  const classes = readFileSync(join(out, `${name}.message-builder.ts`), "utf8").matchAll(/^export abstract class (\w+)/gm);
  builders.push(`export { ${[...classes].map((m) => m[1]).join(", ")} } from "./${name}.message-builder";`);
  const hook = join(dir, "raw", "receive.json");
  if (!existsSync(hook)) continue;
  const source = hook.slice(schemaRoot.length - 6);
  const schema = JSON.parse(readFileSync(hook, "utf8"));
  schema.title = `${name}Hook`;
  const builderSchema = structuredClone(schema); // as read: compile may annotate the one it is given
  const ts = await compile(schema, schema.title, {
    bannerComment: `/** The cw20 hook of ${name} (the \`msg\` of a cw20 Send to it), generated from ${source} by codegen.mjs. */`,
    additionalProperties: false,
    style: { singleQuote: false },
  });
  writeFileSync(join(out, `${name}.hook.ts`), ts);
  index.push(`export type { ${name}Hook } from "./${name}.hook";`);
  writeFileSync(join(out, `${name}.hook-builder.ts`), hookBuilder(name, builderSchema, ts, source));
  builders.push(`export { ${name}HookBuilder } from "./${name}.hook-builder";`);
}
writeFileSync(join(out, "index.ts"), `// Generated by codegen.mjs.\n${index.join("\n")}\n`);
writeFileSync(
  join(out, "builders.ts"),
  `// Generated by codegen.mjs: every contract's execute and query message builders and every cw20 hook's builder.\n${builders.join("\n")}\n`,
);

if (check) {
  try {
    execFileSync("diff", ["-r", join(here, "src"), out], { stdio: "inherit" });
    console.log("clients/contracts/src matches schema/");
  } catch {
    console.error("clients/contracts/src is out of date: run scripts/codegen.sh and commit the result");
    process.exitCode = 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
