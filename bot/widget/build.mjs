// Builds dist/widget.js and dist/widget.css (minified), plus .gz copies that the
// web server sends to browsers accepting gzip. Prints the gzipped footprint.
//   node build.mjs          build
//   node build.mjs --check  build, and fail if JS + CSS exceed the size budget
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 50 * 1024; // JavaScript + CSS, gzipped
const here = new URL(".", import.meta.url).pathname;
const dist = here + "dist/";
mkdirSync(dist, { recursive: true });

const common = { bundle: true, minify: true, legalComments: "none", logLevel: "warning" };
await build({ ...common, entryPoints: [here + "src/index.js"], outfile: dist + "widget.js", format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"], define: { "process.env.NODE_ENV": '"production"' } });
await build({ ...common, entryPoints: [here + "src/widget.css"], outfile: dist + "widget.css",
  target: ["chrome90", "firefox90", "safari15"] });

let total = 0;
for (const name of ["widget.js", "widget.css"]) {
  const raw = readFileSync(dist + name);
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(dist + name + ".gz", gz);
  total += gz.length;
  console.log(`${name.padEnd(11)} ${(raw.length / 1024).toFixed(1).padStart(6)} KB  ${(gz.length / 1024).toFixed(1).padStart(5)} KB gzipped`);
}
console.log(`total       ${(total / 1024).toFixed(1).padStart(14)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (process.argv.includes("--check") && total > BUDGET) {
  console.error("widget is over its size budget");
  process.exit(1);
}
