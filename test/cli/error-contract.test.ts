/**
 * The error contract: every failure a user can reach is one line and a documented exit code;
 * stacks only with --debug; files with key material are written 0600.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/shared.js';
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
  // The Kubernetes client is loaded here: on Node 21+ a library of it (tr46, under node-fetch)
  // requiring the deprecated punycode core module printed a DeprecationWarning on stderr, from
  // anywhere but node_modules (a git checkout, a helm plugin), beside the one line.
  it('a kubeconfig that is missing: one line naming it, exit 4, on whatever Node runs the CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-err-'));
    const r = runCli(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12'], { cwd: dir, env: { KUBECONFIG: join(dir, 'no-such-kubeconfig') } });
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^helm-migrate: cannot read kubeconfig: .*no-such-kubeconfig/)]);
    expect(r.code).toBe(4);
  });

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

  it('values nested thousands deep, in flow or block style: one line naming the line, exit 1, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-err-'));
    const cases = {
      'flow-seq.yaml': `proxy:\n  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      'flow-map.yaml': `proxy: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`,
      'block.yaml': `proxy:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join('')}${'  '.repeat(3001)}b: 1\n`,
      'block-seq.yaml': `proxy:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}-\n`).join('')}${'  '.repeat(3001)}b\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      writeFileSync(join(dir, name), text);
      const r = runCli([name, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', 'out'], { cwd: dir });
      expect(r.code, `${name}: ${r.stderr}`).toBe(1);
      expect(r.stderr.trim().split('\n'), name).toEqual([expect.stringMatching(new RegExp(`^helm-migrate: ${name.replace('.', '\\.')}: line \\d+: the values nest more than 200 levels deep`))]);
    }
    expect(readdirSync(dir).sort()).toEqual(Object.keys(cases).sort());
  });

  it('--out-dir or -o that would replace the input: refused, naming --in-place and -o, the input unchanged and nothing written', () => {
    const example = readFileSync(join(repoRoot, 'fixtures', 'examples', 'linkerd2-2.9.values.yaml'), 'utf8');
    const cases: [string, string[]][] = [
      // 2.9 → 2.10 writes linkerd2.values.yaml beside linkerd-viz's and linkerd-jaeger's.
      [example, ['--from', '2.9', '--to', '2.10', '--out-dir', '.']],
      [example, ['--from', '2.9', '--to', '2.10', '--out-dir', '<dir>']],
      ['controllerReplicas: 3\n', ['--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '-o', 'linkerd2.values.yaml']],
      ['controllerReplicas: 3\n', ['--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '-o', './sub/../linkerd2.values.yaml']],
      ['controllerReplicas: 3\n', ['--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '-o', 'link.yaml']],
    ];
    for (const [text, args] of cases) {
      const dir = mkdtempSync(join(tmpdir(), 'hm-err-'));
      const input = join(dir, 'linkerd2.values.yaml');
      writeFileSync(input, text);
      mkdirSync(join(dir, 'sub'));
      symlinkSync(input, join(dir, 'link.yaml'));
      const argv = ['linkerd2.values.yaml', ...args.map((a) => (a === '<dir>' ? dir : a))];
      const r = runCli(argv, { cwd: dir });
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
      const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('chart: '));
      expect(lines, argv.join(' ')).toEqual([expect.stringMatching(/^helm-migrate: .*would replace the input linkerd2\.values\.yaml.*--in-place.*-o FILE/)]);
      expect(readFileSync(input, 'utf8')).toBe(text);
      expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'linkerd2.values.yaml', 'sub']);
    }
  });

  it('folders created for files that carry key material are 0700', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-err-'));
    writeFileSync(join(dir, 'v.yaml'), 'identity:\n  issuer:\n    tls:\n      keyPEM: |\n        -----BEGIN EC PRIVATE KEY-----\n        MHcCAQEEIExampleIssuerPrivateKeyNotRealDoNotUseAnywhere0123456789o\n        -----END EC PRIVATE KEY-----\n');
    const r = runCli(['v.yaml', '--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '--out-dir', 'new/keys', '-q'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const d of ['new', 'new/keys']) expect(statSync(join(dir, d)).mode & 0o777, d).toBe(0o700);
    expect(statSync(join(dir, 'new/keys/linkerd2.values.yaml')).mode & 0o777).toBe(0o600);
  });
});
