// Bundles the dApp into dist/: index.html and app.js (esbuild, for browsers; no framework). config.json is written
// beside them by write-config.mjs.
// usage: node build.mjs [--dev]   (--dev: no minification, inline source map)
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dirname;
const dev = process.argv.includes("--dev");
const dist = join(here, "dist");
mkdirSync(dist, { recursive: true });

// One CosmJS: clients/ts (the voucher bytes) has its own node_modules with an older CosmJS; every @cosmjs import,
// wherever it is made, resolves to this package's pinned 0.39.0 (npm overrides), so the bundle carries one copy.
const oneCosmjs = {
  name: "one-cosmjs",
  setup(b) {
    b.onResolve({ filter: /^@cosmjs\// }, async (args) => {
      if (args.resolveDir.startsWith(here) && !args.resolveDir.includes("node_modules")) return undefined;
      if (args.pluginData?.oneCosmjs) return undefined;
      const r = await b.resolve(args.path, { resolveDir: here, kind: args.kind, pluginData: { oneCosmjs: true } });
      return r.errors.length ? { errors: r.errors } : { path: r.path };
    });
  },
};

const result = await build({
  entryPoints: [join(here, "src/app.ts")],
  outfile: join(dist, "app.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2022"],
  minify: !dev,
  sourcemap: dev ? "inline" : false,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  plugins: [oneCosmjs],
  define: { global: "globalThis" },
});
copyFileSync(join(here, "src/index.html"), join(dist, "index.html"));
const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
const cosmjsCopies = new Set(
  Object.keys(result.metafile.inputs)
    .map((p) => /(.*node_modules\/@cosmjs\/[^/]+)\//.exec(p)?.[1])
    .filter(Boolean),
);
const foreign = [...cosmjsCopies].filter((p) => !p.startsWith("node_modules/@cosmjs/"));
if (foreign.length) {
  console.error(`a second CosmJS went into the bundle: ${foreign.join(", ")}`);
  process.exit(1);
}
console.log(`dist/app.js ${(bytes / 1024).toFixed(0)} KB, dist/index.html`);
