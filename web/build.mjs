// Builds the dashboard and the report bundle into one folder (default ./dist):
//   src/dashboard.js → dashboard.js + dashboard.css, src/index.html → index.html,
//   src/report.js → report.js + report.css; minified, with a .gz (zlib level 9) beside each file.
// Usage: node build.mjs [--outdir DIR]. Prints the gzipped size of the JavaScript a first load
// fetches (issue 16 allows 300 KB).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outFlag = args.indexOf('--outdir');
const outdir = resolve(outFlag >= 0 ? args[outFlag + 1] : join(here, 'dist'));
if (outFlag >= 0 && !args[outFlag + 1]) {
  console.error('build.mjs: --outdir needs a folder');
  process.exit(2);
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: { dashboard: join(here, 'src/dashboard.js'), report: join(here, 'src/report.js') },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',  // runs as a module script, a classic one, or inlined in the report
  target: ['es2020'],
  legalComments: 'eof',
  logLevel: 'warning',
});
copyFileSync(join(here, 'src/index.html'), join(outdir, 'index.html'));

let firstLoadJs = 0;
for (const name of readdirSync(outdir).sort()) {
  const gz = gzipSync(readFileSync(join(outdir, name)), { level: constants.Z_BEST_COMPRESSION });
  writeFileSync(join(outdir, name + '.gz'), gz);
  if (name === 'dashboard.js') firstLoadJs = gz.length;
}
console.log(
  `web build: ${outdir}; first load JavaScript ${(firstLoadJs / 1024).toFixed(1)} KB gzipped ` +
    '(dashboard.js; limit 300 KB)');
if (firstLoadJs > 300 * 1024) {
  console.error('web build: the first load is over 300 KB of JavaScript gzipped');
  process.exit(1);
}
