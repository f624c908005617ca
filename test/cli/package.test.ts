/**
 * What `npm publish` would ship runs on its own: the bundles need no node_modules, and the data
 * the engine reads at run time (each pack's default snapshots) is among the package's files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliNode, cliPath, copyPackage } from '../helpers/cli.js';
import { ready as needs } from '../helpers/prereq.js';
import { repoRoot } from '../helpers/shared.js';

/** Runs a CLI entry on `input`, writing into a new folder: the files it wrote, by name. */
function migrate(bin: string, input: string, ...args: string[]): Record<string, string> {
  const out = mkdtempSync(join(tmpdir(), 'hm-package-out-'));
  const r = spawnSync(cliNode, [bin, input, ...args, '--out-dir', out, '-q'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
}

describe.runIf(needs('build'))('the published package', () => {
  it('migrates a Linkerd file and a Traefik file from its own files alone, as the repository does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-package-'));
    const files = copyPackage(dir);
    expect(files.some((f) => f.startsWith('node_modules/'))).toBe(false);
    const cases: [string, string[]][] = [
      [join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), ['--from', '2.9', '--to', 'latest']],
      [join(repoRoot, 'fixtures/traefik/20-to-23/image-and-security/input.yaml'), ['--from', '20', '--to', 'latest']],
    ];
    for (const [input, args] of cases) {
      const published = migrate(join(dir, 'bin', 'helm-migrate.js'), input, ...args);
      expect(Object.keys(published).length).toBeGreaterThan(0);
      expect(published).toEqual(migrate(cliPath, input, ...args));
    }
  });
});
