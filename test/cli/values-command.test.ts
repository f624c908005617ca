/**
 * `helm-migrate values` as users run it: the built CLI in a child process. Bad input gets a
 * one-line error naming the problem, a documented exit code, and nothing written.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import linkerd from '../../migrations/linkerd/index.js';
import { migrate } from '../../src/core/engine.js';
import { parseValues } from '../../src/values/parse.js';
import { detectStyle } from '../../src/values/style.js';
import { createDocFactory } from '../../src/values/yaml-values.js';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';

const example = join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hm-cli-'));
});

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A one-line error on stderr, a given exit code, and the directory left as it was. */
function expectRefused(args: string[], code: number, pattern: RegExp) {
  const before = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
  const r = runCli(args, { cwd: dir });
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^helm-migrate: /);
  expect(lines[0]).toMatch(pattern);
  expect(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')])).toEqual(before);
}

const base = (f: string) => ['values', f, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--out-dir', join(dir, 'out')];

describe.skipIf(!needs('build'))('helm-migrate values: bad input', () => {
  it('malformed YAML: line and column', () => {
    expectRefused(base(file('v.yaml', 'global:\n  proxy: [unclosed\n')), 1, /v\.yaml:\d+:\d+: invalid YAML/);
  });
  it('a top level that is not a mapping', () => {
    expectRefused(base(file('v.yaml', '- a\n- b\n')), 1, /top level is a list/);
  });
  it('several documents', () => {
    expectRefused(base(file('v.yaml', 'a: 1\n---\nb: 2\n')), 1, /2 YAML documents/);
  });
  it('an alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    expectRefused(base(file('v.yaml', `${bomb.join('\n')}\n`)), 1, /alias bomb/);
  });
  it('binary junk', () => {
    expectRefused(base(file('v.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]))), 1, /binary data/);
  });
  it('a file over the size limit, refused before it is read', () => {
    // Sparse: 65 MiB on paper, nothing on disk; a NUL-filled file would be "binary" if it were read.
    const big = file('big.yaml', '');
    truncateSync(big, 65 * 1024 * 1024);
    expectRefused(base(big), 1, /big\.yaml: 65\.0 MiB is more than helm-migrate reads \(\d+\.\d MiB, from Node's heap size\)/);
  });
  it('a missing file', () => {
    expectRefused(base(join(dir, 'nope.yaml')), 1, /nope\.yaml: no such file/);
  });
  it('an unknown chart', () => {
    expectRefused(['values', file('v.yaml', 'a: 1\n'), '--chart', 'nginx', '--from', '2.9', '--to', '2.10'], 1, /no migration pack knows chart "nginx"/);
  });
  it('an unknown version', () => {
    expectRefused(['values', file('v.yaml', 'a: 1\n'), '--chart', 'linkerd2', '--from', '2.7', '--to', '2.10'], 1, /unknown Linkerd version "2\.7"/);
  });
  it('--verify of a chart version helm-migrate has no chart of', () => {
    expectRefused(['values', file('v.yaml', 'ports:\n  web:\n    redirections: {}\n'), '--chart', 'traefik', '--from', '38.0.2', '--to', '39', '--verify', '-o', join(dir, 'out.yaml')], 2, /--verify .*no chart of traefik 38\.0\.2 \(it lies between 36 and 39\)/);
  });
  it('a downgrade', () => {
    expectRefused(['values', file('v.yaml', 'proxy: {}\n'), '--chart', 'linkerd2', '--from', '2.11', '--to', '2.9'], 1, /downgrade/);
  });
  it("the wrong chart's file", () => {
    const viz = 'dashboard:\n  replicas: 2\ntap:\n  replicas: 2\ntapInjector:\n  replicas: 1\nprometheus:\n  enabled: false\nmetricsAPI:\n  replicas: 2\n';
    expectRefused(['values', file('v.yaml', viz), '--chart', 'linkerd2', '--from', '2.11', '--to', '2.12'], 1, /do not look like linkerd2 2\.11 values.*looks like linkerd-viz/);
  });
  it('usage errors exit 2', () => {
    expectRefused(['values', file('v.yaml', 'a: 1\n'), '--from', '2.9', '--to', '2.10'], 2, /cannot tell which chart the values are for.*pass --chart/);
    expectRefused(['values', file('v.yaml', 'a: 1\n'), '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--bogus'], 2, /bogus/);
    expectRefused(['frobnicate'], 2, /unknown command/);
  });
  it('several target charts without --out-dir is a usage error, not a partial write', () => {
    expectRefused(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10'], 2, /3 charts \(linkerd2, linkerd-viz, linkerd-jaeger\).*--out-dir/);
  });
});

describe.skipIf(!needs('build'))('helm-migrate values: output', () => {
  it('writes one file per target chart and a report on stderr', () => {
    const out = join(dir, 'out');
    const r = runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['linkerd-control-plane.values.yaml', 'linkerd-crds.values.yaml', 'linkerd-viz.values.yaml']);
    expect(r.stderr).toContain('linkerd2 2.9 → edge-26.8.3');
    expect(parse(readFileSync(join(out, 'linkerd-control-plane.values.yaml'), 'utf8')).proxy.logLevel).toBe('warn,linkerd=info,linkerd_proxy_http=debug');
  });

  it('a large file: its bags move whole, comments inside them kept, the same files as the whole document gives', () => {
    const lines = ['# ours', 'global:', '  podAnnotations:'];
    for (let i = 0; i < 300; i++) lines.push(`    team.example.com/a-${i}: "value ${i}"${i === 7 ? ' # the seventh' : ''}`, ...(i === 150 ? ['    # half way'] : []));
    lines.push('  proxy:', '    logLevel: debug', 'tolerations:');
    for (let i = 0; i < 300; i++) lines.push(`- key: pool-${i}`, '  operator: Exists');
    const text = `${lines.join('\n')}\n`;
    const f = file('big.yaml', text);
    const out = join(dir, 'out');
    const r = runCli(['values', f, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', out, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const cp = readFileSync(join(out, 'linkerd-control-plane.values.yaml'), 'utf8');
    expect(cp).toContain('podAnnotations:\n  team.example.com/a-0: "value 0"\n');
    expect(cp).toContain('  team.example.com/a-7: "value 7" # the seventh\n');
    expect(cp).toContain('  # half way\n');
    expect(parse(readFileSync(join(out, 'linkerd-viz.values.yaml'), 'utf8')).tolerations).toHaveLength(300);
    // The library over the whole YAML document writes the very same files.
    const whole = migrate({ pack: linkerd, chart: 'linkerd2', from: '2.9', to: 'latest', doc: parseValues(text, 'big.yaml').values, factory: createDocFactory(detectStyle(text)) });
    for (const o of whole.outputs) expect(readFileSync(join(out, `${o.chart}.values.yaml`), 'utf8'), o.chart).toBe(String(o.doc));
  });

  it('prints YAML to stdout when there is one target chart', () => {
    const f = file('cp.yaml', 'controlPlaneTracing: false\nproxy:\n  cores: 2\n');
    const r = runCli(['values', f, '--chart', 'linkerd-control-plane', '--from', '2.14', '--to', 'latest']);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout)).toEqual({ proxy: { runtime: { workers: { minimum: 2 } } } });
  });

  it('--in-place rewrites the input and keeps its mode', () => {
    const f = file('cp.yaml', '# mine\nproxy:\n  cores: 2\n');
    chmodSync(f, 0o640);
    const r = runCli(['values', f, '--chart', 'linkerd-control-plane', '--from', '2.14', '--to', 'latest', '--in-place', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('# mine\nproxy:\n  runtime:\n    workers:\n      minimum: 2\n');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['cp.yaml']);
  });

  it('--check exits 3 when work remains and 0 when the file is current, writing nothing', () => {
    const old = file('old.yaml', 'global:\n  proxy:\n    logLevel: debug\n');
    const cur = file('cur.yaml', 'proxy:\n  logLevel: debug\n');
    expect(runCli(['values', old, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--check', '-q']).code).toBe(3);
    expect(runCli(['values', cur, '--chart', 'linkerd-control-plane', '--from', '2.12', '--to', '2.14', '--check', '-q']).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['cur.yaml', 'old.yaml']);
  });

  it('--report json is versioned, machine-readable, and on stderr', () => {
    const r = runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.12', '--out-dir', join(dir, 'o'), '--report', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stderr);
    expect(report).toMatchObject({ schemaVersion: 1, kind: 'values-migration', chart: 'linkerd2', from: '2.9', to: '2.12', changed: true });
    expect(report.steps.map((s: any) => s.to)).toEqual(['2.10', '2.11', '2.12']);
  });

  it('never prints a secret value, even when reporting it', () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIVerySecretIssuerKeyMaterial0123456789abcdef\n-----END EC PRIVATE KEY-----\n';
    const f = file('s.yaml', `identity:\n  issuer:\n    tls:\n      keyPEM: |\n${key.replace(/^/gm, '        ').trimEnd()}\ntap:\n  keyPEM: TapWebhookSecretKeyMaterial99\n`);
    for (const report of ['text', 'json']) {
      const r = runCli(['values', f, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.12', '--out-dir', join(dir, `o-${report}`), '--report', report]);
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('VerySecretIssuerKeyMaterial');
      expect(r.stderr).not.toContain('TapWebhookSecretKeyMaterial99');
      expect(r.stdout).not.toContain('VerySecret');
    }
    // The key itself is carried into the migrated file, where it belongs.
    expect(readFileSync(join(dir, 'o-text', 'linkerd-control-plane.values.yaml'), 'utf8')).toContain('VerySecretIssuerKeyMaterial');
  });

  it('does not load the Kubernetes client, execa or inquirer', () => {
    const r = runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', join(dir, 'o')], { spy: true });
    expect(r.code, r.stderr).toBe(0);
    // The spy saw the engine (compiled under its code cache, not imported)...
    expect(r.imports.some((u) => u.endsWith('/dist/engine.cjs'))).toBe(true);
    // ...and the libraries are bundled into dist/: judged by the packages each loaded file holds.
    expect(r.packages).toContain('yaml');
    expect(r.packages.filter((p) => /@kubernetes|execa|inquirer/.test(p))).toEqual([]);
  });

  it('the same spy sees the Kubernetes client and execa where a command loads them (plan)', () => {
    // Proves the check above can fail: the bundle's files are mapped to the packages they hold.
    const kubeconfig = file('kubeconfig', 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
    const r = runCli(['plan', '--release', 'linkerd', '-n', 'linkerd', '--to', '2.14', '--kubeconfig', kubeconfig], { spy: true, env: { HELM_MIGRATE_RETRY_BASE_MS: '1' } });
    expect(r.code, r.stderr).toBe(4);
    expect(r.packages).toContain('@kubernetes/client-node');
    expect(r.packages).toContain('execa');
  });

  it('leaves no temporary files behind', () => {
    const out = join(dir, 'out');
    runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--out-dir', out, '-q']);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(out, 'linkerd-viz.values.yaml'))).toBe(true);
  });
});

describe.skipIf(!needs('build'))('helm-migrate FILE: the short form', () => {
  it('a first argument that is a file means `values`, and the chart is inferred and said', () => {
    const r = runCli([example, '--from', '2.9', '--to', '2.10', '--out-dir', join(dir, 'out')], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^chart: linkerd2 \(inferred from (\d+) of \1 keys; --chart to choose\)$/m);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['linkerd-jaeger.values.yaml', 'linkerd-viz.values.yaml', 'linkerd2.values.yaml']);
  });
  it('- reads standard input and writes the result to stdout', () => {
    const r = runCli(['-', '--from', '2.10', '--to', '2.11'], { cwd: dir, input: 'nodeSelector:\n  beta.kubernetes.io/os: linux # ours\ncontrollerReplicas: 3\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('nodeSelector:\n  kubernetes.io/os: linux # ours\ncontrollerReplicas: 3\n');
  });
  it('--from narrows the candidates: the same keys are linkerd-control-plane at 2.12', () => {
    const r = runCli(['-', '--from', '2.12', '--to', '2.13', '--quiet'], { cwd: dir, input: 'controllerReplicas: 3\nenablePodDisruptionBudget: true\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/chart: linkerd-control-plane/);
  });
  it('keys several charts share: exit 2 naming the candidates, nothing written', () => {
    expectRefused([file('v.yaml', 'nodeSelector:\n  disk: ssd\n'), '--from', '2.10', '--to', '2.11', '--out-dir', join(dir, 'out')], 2, /values fit several charts: linkerd2 .*linkerd-viz .*pass --chart/);
  });
  it('keys no chart knows: exit 2 asking for --chart', () => {
    expectRefused([file('v.yaml', 'replicaCount: 2\nimage:\n  repository: nginx\n'), '--from', '2.10', '--to', '2.11'], 2, /cannot tell which chart the values are for.*pass --chart/);
  });
  it('an unknown word that is not a file is still an unknown command', () => {
    expectRefused(['migrate-me', '--from', '2.9'], 2, /unknown command "migrate-me"/);
  });
});

describe.skipIf(!needs('build'))('the report: what runs differently', () => {
  it('a note that names what it changes in the render gets a section of its own, and is marked in JSON', () => {
    const input = file('await.yaml', 'proxy:\n  await: false\n');
    const r = runCli(['values', input, '--chart', 'linkerd2', '--from', '2.11', '--to', '2.12', '--out-dir', join(dir, 'out')], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/changes in what runs, said by the migration:\n  \[2\.11 → 2\.12\] proxy\.await: false now reaches the control plane/);
    // Not repeated among the step's notes.
    expect(r.stderr.match(/proxy\.await: false now reaches/g)).toHaveLength(1);
    const json = JSON.parse(runCli(['values', input, '--chart', 'linkerd2', '--from', '2.11', '--to', '2.12', '--output', 'json'], { cwd: dir }).stdout);
    const notes = json.steps.flatMap((st: { notes: { text: string; takesEffect?: true }[] }) => st.notes);
    expect(notes.find((n: { text: string }) => n.text.startsWith('proxy.await: false'))?.takesEffect).toBe(true);
  });
});
