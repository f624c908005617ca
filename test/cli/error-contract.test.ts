/**
 * The error contract: every failure a user can reach is one line and a documented exit code;
 * stacks only with --debug; files with key material are written 0600.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { ready as needs } from '../helpers/prereq.js';

function sink() {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; }, isTTY: false } as { write(s: string): boolean; text: string; isTTY: boolean };
}

describe('the error contract', () => {
  it('an unexpected error is one line and exit 70; --debug adds the stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-err-'));
    writeFileSync(join(dir, 'v.yaml'), 'controllerReplicas: 3\n');
    // A stdout that fails in a way no code path expects (not a HelmMigrateError).
    const broken = { write: () => { throw new TypeError('stdout exploded'); }, isTTY: false };
    for (const debug of [false, true]) {
      const err = sink();
      const code = await main(['values', 'v.yaml', '--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '-q', ...(debug ? ['--debug'] : [])], { stdout: broken as never, stderr: err as never, env: {}, cwd: dir });
      expect(code).toBe(70);
      const lines = err.text.trim().split('\n');
      expect(lines[0]).toBe('helm-migrate: internal error: stdout exploded (a bug: please report it; --debug shows where)');
      if (debug) expect(err.text).toMatch(/TypeError: stdout exploded\n\s+at /);
      else expect(lines).toHaveLength(1);
    }
  });
});

describe.skipIf(!needs('build'))('the error contract, through the CLI', () => {
  it('broken YAML inside an Argo CD helm.values string: one line naming it, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-err-'));
    const f = join(dir, 'app.yaml');
    writeFileSync(f, 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: mc\nspec:\n  source:\n    chart: linkerd-multicluster\n    targetRevision: 2.10.2\n    helm:\n      values: |\n        gateway: [unclosed\n');
    const r = runCli([f, '--to', '2.11'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^helm-migrate: Application mc: spec\.source\.helm\.values is not valid YAML \(line \d+: /)]);
  });

  it('migrated files that carry key material are written 0600, even in place over a 0644 file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-err-'));
    const f = join(dir, 'v.yaml');
    writeFileSync(f, 'identity:\n  issuer:\n    crtExpiry: "2030-01-01T00:00:00Z"\n    tls:\n      keyPEM: |\n        -----BEGIN EC PRIVATE KEY-----\n        MHcCAQEEIExampleIssuerPrivateKeyNotRealDoNotUseAnywhere0123456789o\n        -----END EC PRIVATE KEY-----\n', { mode: 0o644 });
    const r = runCli([f, '--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '--in-place', '-q'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    const plain = join(dir, 'plain.yaml');
    writeFileSync(plain, 'controllerReplicas: 3\nnodeSelector:\n  beta.kubernetes.io/os: linux\n', { mode: 0o644 });
    expect(runCli([plain, '--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '--in-place', '-q'], { cwd: dir }).code).toBe(0);
    expect(statSync(plain).mode & 0o777).toBe(0o644);
  });
});
