/** Running the built CLI (dist/, what `npx helm-migrate` runs) as a child process. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './shared.js';

export const cliPath = join(repoRoot, 'bin', 'helm-migrate.js');
/**
 * The node that runs the CLI in tests: the machine's own, or the binary of another Node line
 * users run, under HELM_MIGRATE_TEST_NODE (scripts/test-node-lines.mjs runs test/cli once per
 * line). vitest itself stays on the machine's node.
 */
export const cliNode = process.env.HELM_MIGRATE_TEST_NODE || process.execPath;
export const hasBuild = existsSync(join(repoRoot, 'dist', 'main.cjs'));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Module URLs the process loaded (with `spy: true`). */
  imports: string[];
  /**
   * The npm packages whose code those modules hold: read from node_modules/ paths, and for the
   * bundle's own files from dist/packages.json (the build bundles the libraries into dist/).
   */
  packages: string[];
}

/** The npm packages in the loaded modules (see `CliResult.packages`). */
export function packagesIn(imports: string[]): string[] {
  const bundled = JSON.parse(readFileSync(join(repoRoot, 'dist', 'packages.json'), 'utf8')) as Record<string, string[]>;
  const out = new Set<string>();
  for (const url of imports) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(url);
    if (m) out.add(m[1]);
    else if (url.startsWith('file:') && url.includes('/dist/')) for (const p of bundled[url.slice(url.lastIndexOf('/dist/') + '/dist/'.length)] ?? []) out.add(p);
  }
  return [...out].sort();
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; spy?: boolean } = {}): CliResult {
  const logFile = opts.spy ? join(mkdtempSync(join(tmpdir(), 'hm-imports-')), 'imports.log') : undefined;
  const nodeArgs = opts.spy ? ['--import', join(repoRoot, 'test', 'helpers', 'import-spy.mjs')] : [];
  const r = spawnSync(cliNode, [...nodeArgs, cliPath, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...(logFile ? { HELM_MIGRATE_IMPORT_LOG: logFile } : {}), ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  const imports = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, imports, packages: opts.spy ? packagesIn(imports) : [] };
}

/** What `npm pack` lists, asked once per test file. */
let packageFiles: string[] | undefined;

/**
 * Copies into `dir` the files `npm publish` would ship (package.json's `files`, as `npm pack`
 * lists them; no scripts run, so the build in the tree is what is copied). Other tests' runs
 * of the CLI may be writing a code cache into dist/ meanwhile: a cache's temporary file is
 * never copied, and a cache gone by the time it is copied is left out (a cache is optional).
 */
export function copyPackage(dir: string): string[] {
  packageFiles ??= (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { files: { path: string }[] }[])[0].files
    .map((f) => f.path)
    .filter((f) => !/\.cache\.tmp-/.test(f));
  const copied: string[] = [];
  for (const f of packageFiles) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try {
      copyFileSync(join(repoRoot, f), join(dir, f));
      copied.push(f);
    } catch (err) {
      if (!(f.endsWith('.cache') && (err as NodeJS.ErrnoException).code === 'ENOENT')) throw err;
    }
  }
  return copied;
}
