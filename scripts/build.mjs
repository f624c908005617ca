// Bundles the CLI into dist/ with esbuild. Code splitting keeps each command (and the heavy
// libraries only plan/apply/wizard use) in its own chunk, loaded on demand, so `values` and
// `--version` start fast. Runs on `npm ci` through the prepare script.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: { cli: join(root, 'src/cli/main.ts') },
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  // Big, lazily loaded, and with their own assets: resolved from node_modules at run time.
  external: ['@kubernetes/client-node', 'execa', '@inquirer/prompts', '@inquirer/*'],
  define: { __HELM_MIGRATE_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (yaml's node build) call require() for Node built-ins.
  banner: { js: "import { createRequire as __hmCreateRequire } from 'node:module'; const require = __hmCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
