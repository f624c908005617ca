/** Running the built CLI (dist/, what `npx helm-migrate` runs) as a child process. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './shared.js';

export const cliPath = join(repoRoot, 'bin', 'helm-migrate.js');
export const hasBuild = existsSync(join(repoRoot, 'dist', 'cli.js'));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Module URLs the process loaded (with `spy: true`). */
  imports: string[];
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; spy?: boolean } = {}): CliResult {
  const logFile = opts.spy ? join(mkdtempSync(join(tmpdir(), 'hm-imports-')), 'imports.log') : undefined;
  const nodeArgs = opts.spy ? ['--import', join(repoRoot, 'test', 'helpers', 'import-spy.mjs')] : [];
  const r = spawnSync(process.execPath, [...nodeArgs, cliPath, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...(logFile ? { HELM_MIGRATE_IMPORT_LOG: logFile } : {}), ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  const imports = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, imports };
}
