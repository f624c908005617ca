/**
 * `npm run bench`: start-up, large values files, fleet planning, and `helm template` as a
 * yardstick. Times drift on shared machines, so every comparison is measured side by side in the
 * same run (interleaved) and reported as a ratio; bench/RESULTS.md gets the table and the
 * machine's description (between its markers; the prose around them is kept). Not a test:
 * nothing here fails a build.
 *
 *   npm run bench [-- startup large fleet]      the sections to run (all by default)
 *   BENCH_BASELINE=<git ref> npm run bench      also runs that commit's build, side by side
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { writeFilesAtomic } from '../src/io/files.js';
import { run, startCluster } from '../test/helpers/cluster.js';
import { helm4 } from '../test/helpers/binaries.js';
import { chartDir, hasShared } from '../test/helpers/shared.js';

const repo = join(fileURLToPath(import.meta.url), '..', '..');
const cli = join(repo, 'bin', 'helm-migrate.js');
const rss = join(repo, 'bench', 'report-rss.mjs');
const example = join(repo, 'fixtures', 'examples', 'linkerd2-2.9.values.yaml');
const rows: string[][] = [];
const sections = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['startup', 'large', 'fleet']);
/** The previous implementation (BENCH_BASELINE), built in a worktree of its own. */
let baseline: { ref: string; cli: string } | undefined;
const say = (s: string) => process.stderr.write(`${s}\n`);

function wall(cmd: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The CLIs to measure, each with the tag its rows carry: this checkout's, then BENCH_BASELINE's. */
function implementations(): [tag: string, bin: string][] {
  return [['', cli], ...(baseline ? [[` (${baseline.ref})`, baseline.cli] as [string, string]] : [])];
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
  const clis = implementations();
  const m = sideBySide(
    [
      ['node -e 0', process.execPath, ['-e', '0']],
      ...clis.flatMap(([tag, bin]): [string, string, string[]][] => [
        [`--version${tag}`, process.execPath, [bin, '--version']],
        [`values${tag}`, process.execPath, [bin, 'values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', out, '-q']],
      ]),
    ],
    15,
  );
  const base = m.get('node -e 0')!;
  rows.push(['start-up', 'node -e 0', `${base.toFixed(0)} ms`, '1.00×', 'baseline']);
  for (const [tag] of clis) {
    const v = m.get(`--version${tag}`)!;
    rows.push(['start-up', `helm-migrate --version${tag}`, `${v.toFixed(0)} ms`, `${(v / base).toFixed(2)}×`, 'target ≤ 1.2×']);
    const x = m.get(`values${tag}`)!;
    rows.push(['start-up', `values: 2.9 example → latest${tag}`, `${x.toFixed(0)} ms`, `${(x / base).toFixed(2)}×`, 'target ≤ 1.5×']);
  }
  startupOnOtherLines(out);
}

/**
 * The same run on each Node line users run (scripts/node-runtimes.mjs installs them), each against
 * its own `node -e 0`: the CLI's code cache differs per V8, so one line's figure says nothing of
 * another's.
 */
function startupOnOtherLines(out: string): void {
  const runtimes = execFileSync(process.execPath, [join(repo, 'scripts', 'node-runtimes.mjs')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.split(' ') as [string, string]);
  for (const [line, node] of runtimes) {
    const clis = implementations();
    const m = sideBySide(
      [
        ['node -e 0', node, ['-e', '0']],
        ...clis.map(([tag, bin]): [string, string, string[]] => [`values${tag}`, node, [bin, 'values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', out, '-q']]),
      ],
      15,
    );
    const base = m.get('node -e 0')!;
    rows.push([`start-up, Node ${line}`, 'node -e 0', `${base.toFixed(0)} ms`, '1.00×', 'baseline']);
    for (const [tag] of clis) {
      const x = m.get(`values${tag}`)!;
      rows.push([`start-up, Node ${line}`, `values: 2.9 example → latest${tag}`, `${x.toFixed(0)} ms`, `${(x / base).toFixed(2)}×`, 'target ≤ 2×']);
    }
  }
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

/**
 * A 2.9 linkerd2 values file of about `bytes` written as Prometheus users write scrape configs:
 * block maps and lists with one-line flow collections inside (`targets: [ … ]`, `labels: { … }`).
 * Built as text, line by line, so that the 50 MB file costs no more to make than to write.
 */
function flowValues(bytes: number): string {
  const out = ['global:', '  clusterDomain: cluster.local', '  proxy: { logLevel: "warn,linkerd=info" }', 'prometheus:', '  enabled: true', '  scrapeConfigs:'];
  let size = out.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const entry = [
      `    - job_name: job-${i}`,
      `      static_configs: [ { targets: [ svc-${i}.ns-${i % 97}.svc:9090, "svc-${i}-b:9091" ], labels: { team: t${i % 13}, tier: { level: ${i % 3} } } } ]`,
      `      relabel_configs: [ { source_labels: [ __meta_kubernetes_pod_label_app ], action: keep, regex: app-${i} } ]`,
    ].join('\n');
    out.push(entry);
    size += entry.length + 1;
  }
  return `${out.join('\n')}\n`;
}

/** A linkerd-control-plane file of about `bytes` that 2.13 → 2.14 leaves as it is (the already-migrated case). */
function unchangedValues(bytes: number): string {
  const make = (n: number) => {
    const doc = { controllerReplicas: 2, proxy: { logLevel: 'warn,linkerd=info' }, podAnnotations: {} as Record<string, string>, imagePullSecrets: [] as unknown[], tolerations: [] as unknown[] };
    for (let i = 0; i < n; i++) {
      doc.podAnnotations[`team.example.com/annotation-${i}`] = `value ${i} ${'x'.repeat(20)}`;
      doc.imagePullSecrets.push({ name: `registry-${i}` });
      doc.tolerations.push({ key: `node.example.com/pool-${i}`, operator: 'Exists', effect: 'NoSchedule' });
    }
    return stringify(doc, { lineWidth: 0 });
  };
  // Sized from a real sample: one entry alone (unindented, short numbers) underestimated by a third.
  const per = make(1000).length / 1000;
  return make(Math.round(bytes / per));
}

function largeFiles(): void {
  const dir = mkdtempSync(join(tmpdir(), 'hm-bench-big-'));
  const clis = implementations();
  const cases = [0.5, 5, 50].flatMap((mb) => [
    { mb, unchanged: false, flow: false, args: ['--chart', 'linkerd2', '--from', '2.9', '--to', 'latest'] },
    { mb, unchanged: true, flow: false, args: ['--chart', 'linkerd-control-plane', '--from', '2.13', '--to', '2.14'] },
    ...(mb >= 5 ? [{ mb, unchanged: false, flow: true, args: ['--chart', 'linkerd2', '--from', '2.9', '--to', 'latest'] }] : []),
  ]);
  for (const { mb, unchanged, flow, args } of cases) {
    const file = join(dir, `values-${mb}${unchanged ? '-unchanged' : ''}${flow ? '-flow' : ''}.yaml`);
    // Written flushed (the CLI's own atomic write syncs it): otherwise the first run shares the
    // disk with the write-back of a 50 MB file it has just been handed (which made a 53 MB row
    // 2 s slower for the first CLI).
    writeFilesAtomic([{ path: file, content: unchanged ? unchangedValues(mb * 1024 * 1024) : flow ? flowValues(mb * 1024 * 1024) : bigValues(mb * 1024 * 1024) }]);
    const size = readFileSync(file).length;
    const result = new Map(clis.map(([tag]) => [tag, { times: [] as number[], maxRss: 0, failed: '' }]));
    // Interleaved: one run of each implementation per round, the order turned each round.
    for (let i = 0; i < (mb >= 50 ? 2 : 5); i++) {
      for (const [tag, bin] of i % 2 ? [...clis].reverse() : clis) {
        const res = result.get(tag)!;
        if (res.failed) continue;
        const t = process.hrtime.bigint();
        const r = spawnSync(process.execPath, ['--import', rss, bin, 'values', file, ...args, '--out-dir', join(dir, 'out'), '-q'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 600_000 });
        res.times.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (r.status !== 0) res.failed = `did not finish (${r.signal ?? `exit ${r.status}`}): ${r.stderr.trim().split('\n').pop() ?? ''}`;
        const m = /maxRSS=(\d+)/.exec(r.stderr);
        if (m) res.maxRss = Math.max(res.maxRss, Number(m[1]) / 1024);
      }
    }
    for (const [tag, res] of result) {
      const what = `${(size / 1048576).toFixed(1)} MB${flow ? ' with flow collections' : ''}, ${unchanged ? 'control plane 2.13 → 2.14, nothing to change' : '2.9 → latest'}${tag}`;
      if (res.failed) {
        rows.push(['large values', what, `> ${(res.times.at(-1)! / 1000).toFixed(0)} s`, '', res.failed]);
        continue;
      }
      const t = median(res.times);
      rows.push(['large values', what, `${t.toFixed(0)} ms`, `${(t / (size / 1048576)).toFixed(0)} ms/MB`, `peak RSS ${res.maxRss.toFixed(0)} MB${mb === 5 ? ' (target < 1 s, < 200 MB)' : mb === 50 ? ' (target < 10 s)' : ''}`]);
    }
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
    const env = { ...c.env, HELM_BIN: helm4 };
    let ms = 0;
    const plans = new Map<string, string>();
    const clis = implementations();
    const results = new Map(clis.map(([tag]) => [tag, { times: [] as number[], requests: '' }]));
    // Three rounds, the order turned each round: whichever runs first pays for cold caches.
    for (let round = 0; round < 3; round++) {
      for (const [tag, bin] of round % 2 ? [...clis].reverse() : clis) {
        c.server.log.clear();
        const t = process.hrtime.bigint();
        // Asynchronously: the API server lives in this process and must keep answering.
        const p = await run(process.execPath, [bin, 'plan', '--all-namespaces', '--to', '2.14', '--charts-dir', join(repo, '..', 'shared', 'charts', 'linkerd')], env);
        results.get(tag)!.times.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (p.code !== 0) say(`fleet plan${tag} exited ${p.code}: ${p.stderr.split('\n').slice(-3).join(' ')}`);
        // The plan, less the time it was made at: both implementations must plan the same.
        plans.set(tag, p.stdout.replace(/createdAt: .*\n/, '').replace(/digest: .*\n/g, ''));
        const counts = c.server.log.counts();
        const lists = Object.entries(counts).filter(([k]) => k.startsWith('list ')).map(([k, v]) => `${k}=${v}`).join(', ');
        const gets = Object.entries(counts).filter(([k]) => k.startsWith('get ') && !k.endsWith('discovery')).reduce((a, [, v]) => a + v, 0);
        results.get(tag)!.requests = `requests: ${lists}; object GETs: ${gets}`;
      }
    }
    for (const [tag, res] of results) {
      const took = median(res.times);
      if (!tag) ms = took;
      rows.push(['fleet', `plan --all-namespaces, 200 releases in 200 namespaces${tag}`, `${took.toFixed(0)} ms`, `${(took / 200).toFixed(1)} ms/release`, `target < 5 s; ${res.requests}`]);
    }
    if (plans.size > 1 && new Set(plans.values()).size > 1) say('fleet: the two implementations planned differently (compare their plans)');
    // The yardstick users know: helm template of one target chart.
    const ht = median(Array.from({ length: 5 }, () => wall(helm4, ['template', 'x', chartDir('2.14', 'linkerd-crds')])));
    rows.push(['yardstick', 'helm template linkerd-crds 2.14 (one release)', `${ht.toFixed(0)} ms`, `fleet plan = ${(ms / ht).toFixed(0)}× this`, 'what rendering one target costs']);
    const cp = median(Array.from({ length: 5 }, () => wall(helm4, ['template', 'x', chartDir('edge-26.8.3', 'linkerd-control-plane'), '--set', 'identityTrustAnchorsPEM=x', '--set', 'identity.issuer.tls.crtPEM=a', '--set', 'identity.issuer.tls.keyPEM=b'])));
    rows.push(['yardstick', 'helm template linkerd-control-plane edge', `${cp.toFixed(0)} ms`, '', 'compare: values migration of the 2.9 example above']);
  } finally {
    await c.stop();
  }
}

/** Builds `ref` in a temporary worktree (sharing this checkout's node_modules); returns the worktree. */
function buildBaseline(ref: string): string {
  const tree = mkdtempSync(join(tmpdir(), 'hm-bench-baseline-'));
  rmSync(tree, { recursive: true });
  execFileSync('git', ['worktree', 'add', '--detach', tree, ref], { cwd: repo, stdio: 'ignore' });
  symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'));
  execFileSync(process.execPath, [join(tree, 'scripts', 'build.mjs')], { cwd: tree, stdio: 'inherit' });
  baseline = { ref: execFileSync('git', ['rev-parse', '--short', ref], { cwd: repo, encoding: 'utf8' }).trim(), cli: join(tree, 'bin', 'helm-migrate.js') };
  return tree;
}

const begin = '<!-- bench:begin (written by npm run bench) -->';
const end = '<!-- bench:end -->';

/** Puts the generated part between the markers of RESULTS.md, keeping what is written around it. */
function writeResults(generated: string): void {
  const file = join(repo, 'bench', 'RESULTS.md');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = `# Benchmark results\n\n${begin}\n${end}\n`;
  }
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  text = a >= 0 && b > a ? `${text.slice(0, a + begin.length)}\n${generated}${text.slice(b)}` : `${text.trimEnd()}\n\n${begin}\n${generated}${end}\n`;
  writeFileSync(file, text);
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(repo, 'scripts', 'extract-binaries.mjs')], { stdio: 'inherit' });
  const ref = process.env.BENCH_BASELINE;
  const tree = ref ? buildBaseline(ref) : undefined;
  try {
    if (sections.has('startup')) {
      say('start-up…');
      startup();
    }
    if (sections.has('large')) {
      say('large values…');
      largeFiles();
    }
    if (sections.has('fleet')) {
      say('fleet…');
      await fleet();
    }
  } finally {
    if (tree) execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: repo });
  }
  const table = ['| area | what | time | ratio | notes |', '|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const generated = `Machine: ${machine()}\nRun: ${new Date().toISOString()} (\`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`${ref ? `, BENCH_BASELINE=${ref}` : ''}; medians of interleaved runs)\n\n${table}\n`;
  writeResults(generated);
  process.stdout.write(`${generated}\n`);
}

await main();
