/**
 * `npm run bench`: start-up, large values files, fleet planning, and `helm template` as a
 * yardstick. Times drift on shared machines, so every comparison is measured side by side in the
 * same run (interleaved) and reported as a ratio; bench/RESULTS.md gets the table and the
 * machine's description. Not a test: nothing here fails a build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { run, startCluster } from '../test/helpers/cluster.js';
import { helm4 } from '../test/helpers/binaries.js';
import { chartDir, hasShared } from '../test/helpers/shared.js';

const repo = join(fileURLToPath(import.meta.url), '..', '..');
const cli = join(repo, 'bin', 'helm-migrate.js');
const rss = join(repo, 'bench', 'report-rss.mjs');
const example = join(repo, 'fixtures', 'examples', 'linkerd2-2.9.values.yaml');
const rows: string[][] = [];
const say = (s: string) => process.stderr.write(`${s}\n`);

function wall(cmd: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the commands interleaved, `n` rounds, and returns each one's median wall time. */
function sideBySide(cmds: [string, string, string[]][], n: number): Map<string, number> {
  const times = new Map<string, number[]>(cmds.map(([name]) => [name, []]));
  for (let i = 0; i < n; i++) for (const [name, cmd, args] of cmds) times.get(name)!.push(wall(cmd, args));
  return new Map([...times].map(([k, v]) => [k, median(v)]));
}

function startup(): void {
  const out = join(mkdtempSync(join(tmpdir(), 'hm-bench-')), 'out');
  const m = sideBySide(
    [
      ['node -e 0', process.execPath, ['-e', '0']],
      ['helm-migrate --version', process.execPath, [cli, '--version']],
      ['helm-migrate values (2.9 example → latest)', process.execPath, [cli, 'values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', out, '-q']],
    ],
    15,
  );
  const base = m.get('node -e 0')!;
  rows.push(['start-up', 'node -e 0', `${base.toFixed(0)} ms`, '1.00×', 'baseline']);
  rows.push(['start-up', 'helm-migrate --version', `${m.get('helm-migrate --version')!.toFixed(0)} ms`, `${(m.get('helm-migrate --version')! / base).toFixed(2)}×`, 'target ≤ 1.5×']);
  const v = m.get('helm-migrate values (2.9 example → latest)')!;
  rows.push(['start-up', 'values: 2.9 example → latest', `${v.toFixed(0)} ms`, `${(v / base).toFixed(2)}×`, 'target ≤ 2×']);
}

/** A 2.9 linkerd2 values file of about `bytes`, around real keys: long lists, deep maps. */
function bigValues(bytes: number): string {
  const doc: Record<string, unknown> = {
    global: { clusterDomain: 'cluster.local', proxy: { logLevel: 'warn,linkerd=info', resources: { cpu: { request: '100m' } } }, podAnnotations: {} as Record<string, string>, imagePullSecrets: [] as unknown[] },
    prometheus: { enabled: true, scrapeConfigs: [] as unknown[], args: { 'storage.tsdb.retention.time': '24h' } },
    tolerations: [] as unknown[],
    dashboard: { replicas: 2 },
  };
  const g = doc.global as { podAnnotations: Record<string, string>; imagePullSecrets: unknown[] };
  const p = doc.prometheus as { scrapeConfigs: unknown[] };
  let i = 0;
  // Measure one batch, then add as many as the size needs (re-serializing each round is quadratic).
  let perBatch = 0;
  let batches = 1;
  for (let b = 0; b < batches; b++) {
    for (let k = 0; k < 200; k++, i++) {
      g.podAnnotations[`team.example.com/annotation-${i}`] = `value ${i} ${'x'.repeat(20)}`;
      g.imagePullSecrets.push({ name: `registry-${i}` });
      p.scrapeConfigs.push({ job_name: `job-${i}`, static_configs: [{ targets: [`svc-${i}.ns-${i % 97}.svc:9090`], labels: { team: `t${i % 13}`, tier: { level: { deep: { deeper: i } } } } }] });
      (doc.tolerations as unknown[]).push({ key: `node.example.com/pool-${i}`, operator: 'Exists', effect: 'NoSchedule' });
    }
    if (b === 0) {
      perBatch = stringify(doc).length;
      batches = Math.max(1, Math.round(bytes / perBatch));
    }
  }
  return stringify(doc, { lineWidth: 0 });
}

function largeFiles(): void {
  const dir = mkdtempSync(join(tmpdir(), 'hm-bench-big-'));
  for (const mb of [0.5, 5, 50]) {
    const file = join(dir, `values-${mb}.yaml`);
    writeFileSync(file, bigValues(mb * 1024 * 1024));
    const size = readFileSync(file).length;
    const times: number[] = [];
    let maxRss = 0;
    for (let i = 0; i < (mb >= 50 ? 1 : 3); i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['--import', rss, cli, 'values', file, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', join(dir, 'out'), '-q'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 180_000 });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 0) {
        rows.push(['large values', `${(size / 1048576).toFixed(1)} MB, 2.9 → latest`, `> ${(times.at(-1)! / 1000).toFixed(0)} s`, '', `did not finish (${r.signal ?? `exit ${r.status}`}): the yaml Document API holds ~70 bytes per input byte`]);
        return;
      }
      const m = /maxRSS=(\d+)/.exec(r.stderr);
      if (m) maxRss = Math.max(maxRss, Number(m[1]) / 1024);
    }
    const t = median(times);
    rows.push(['large values', `${(size / 1048576).toFixed(1)} MB, 2.9 → latest`, `${t.toFixed(0)} ms`, `${(t / (size / 1048576)).toFixed(0)} ms/MB`, `peak RSS ${maxRss.toFixed(0)} MB${mb === 5 ? ' (target < 1 s, < 200 MB)' : ''}`]);
  }
  rmSync(dir, { recursive: true, force: true });
}

async function fleet(): Promise<void> {
  if (!hasShared) {
    say('fleet: skipped (../shared charts absent)');
    return;
  }
  const c = await startCluster();
  try {
    // One real release written by helm, then 199 copies of its record in their own namespaces.
    const r = await c.helm(4, ['install', 'linkerd-crds', chartDir('2.13', 'linkerd-crds'), '-n', 'fleet-000', '--create-namespace']);
    if (r.code !== 0) throw new Error(r.stderr);
    const [record] = c.server.objects.list('v1', 'secrets', 'fleet-000').filter((s) => s.metadata.labels?.owner === 'helm');
    const payload = JSON.parse(gunzipSync(Buffer.from(Buffer.from(record.data.release, 'base64').toString(), 'base64')).toString());
    for (let i = 1; i < 200; i++) {
      const ns = `fleet-${String(i).padStart(3, '0')}`;
      const rel = { ...payload, namespace: ns };
      const data = Buffer.from(gzipSync(JSON.stringify(rel)).toString('base64')).toString('base64');
      c.server.objects.create('v1', 'secrets', { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: record.metadata.name, namespace: ns, labels: record.metadata.labels }, data: { release: data } });
    }
    c.server.log.clear();
    const env = { ...c.env, HELM_BIN: helm4 };
    const t = process.hrtime.bigint();
    // Asynchronously: the API server lives in this process and must keep answering.
    const p = await run(process.execPath, [cli, 'plan', '--all-namespaces', '--to', '2.14', '--charts-dir', join(repo, '..', 'shared', 'charts', 'linkerd')], env);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (p.code !== 0) say(`fleet plan exited ${p.code}: ${p.stderr.split('\n').slice(-3).join(' ')}`);
    const counts = c.server.log.counts();
    const lists = Object.entries(counts).filter(([k]) => k.startsWith('list ')).map(([k, v]) => `${k}=${v}`).join(', ');
    const gets = Object.entries(counts).filter(([k]) => k.startsWith('get ') && !k.endsWith('discovery')).reduce((a, [, v]) => a + v, 0);
    rows.push(['fleet', 'plan --all-namespaces, 200 releases in 200 namespaces', `${ms.toFixed(0)} ms`, `${(ms / 200).toFixed(1)} ms/release`, `target < 5 s; requests: ${lists}; object GETs: ${gets}`]);
    // The yardstick users know: helm template of one target chart.
    const ht = median(Array.from({ length: 5 }, () => wall(helm4, ['template', 'x', chartDir('2.14', 'linkerd-crds')])));
    rows.push(['yardstick', 'helm template linkerd-crds 2.14 (one release)', `${ht.toFixed(0)} ms`, `fleet plan = ${(ms / ht).toFixed(0)}× this`, 'what rendering one target costs']);
    const cp = median(Array.from({ length: 5 }, () => wall(helm4, ['template', 'x', chartDir('edge-26.8.3', 'linkerd-control-plane'), '--set', 'identityTrustAnchorsPEM=x', '--set', 'identity.issuer.tls.crtPEM=a', '--set', 'identity.issuer.tls.keyPEM=b'])));
    rows.push(['yardstick', 'helm template linkerd-control-plane edge', `${cp.toFixed(0)} ms`, '', 'compare: values migration of the 2.9 example above']);
  } finally {
    await c.stop();
  }
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(repo, 'scripts', 'extract-binaries.mjs')], { stdio: 'inherit' });
  say('start-up…');
  startup();
  say('large values…');
  largeFiles();
  say('fleet…');
  await fleet();
  const table = ['| area | what | time | ratio | notes |', '|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const text = `# Benchmark results\n\nMachine: ${machine()}\nRun: ${new Date().toISOString()} (\`npm run bench\`; medians of interleaved runs)\n\n${table}\n`;
  writeFileSync(join(repo, 'bench', 'RESULTS.md'), text);
  process.stdout.write(`${text}\n`);
}

await main();
