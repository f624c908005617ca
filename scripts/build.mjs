// Bundles the CLI into dist/ with esbuild. Code splitting keeps each command (and the heavy
// libraries only plan/apply/wizard use) in its own chunk, loaded on demand, so `values` and
// `--version` start fast. Runs on `npm ci` through the prepare script.
//
// The libraries are bundled too, client-node included: loaded from node_modules as ~900 ES
// modules it took 0.7–1 s to import on a 2-core machine, bundled (and tree-shaken) ~0.13 s.
// dist/packages.json says which npm packages each file holds, so the start-up tests can still
// prove that `values` never loads the Kubernetes client, execa or inquirer.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: { cli: join(root, 'src/cli/main.ts') },
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  define: { __HELM_MIGRATE_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (yaml's node build, client-node's fetch and proxy agents) call
  // require(), for Node built-ins and for the optional modules they try and do without.
  banner: { js: "import { createRequire as __hmCreateRequire } from 'node:module'; const require = __hmCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

/** The npm package a bundled input file came from (the last node_modules/ in its path), if any. */
function packageOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [scope, name] = input.slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

const packages = {};
for (const [file, { inputs }] of Object.entries(metafile.outputs)) {
  const held = new Set(Object.entries(inputs).filter(([, i]) => i.bytesInOutput > 0).map(([k]) => packageOf(k)).filter(Boolean));
  if (held.size) packages[basename(file)] = [...held].sort();
}
writeFileSync(join(root, 'dist', 'packages.json'), `${JSON.stringify(packages, null, 2)}\n`);
