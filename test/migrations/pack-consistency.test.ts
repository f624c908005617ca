/**
 * Every pack checks itself (a new pack gets these checks by registering): the registry matches
 * the folders, migrations chain without gaps, every
 * path an operation reads or writes is a real key of the real chart (from the generated
 * snapshots), no chart disappears between releases without a step saying where it went, and the
 * snapshots match the charts they were generated from.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import gt from 'semver/functions/gt.js';
import lte from 'semver/functions/lte.js';
import valid from 'semver/functions/valid.js';
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { KnownPaths } from '../../src/core/known-paths.js';
import { formatPath, isPrefix, parsePathRef } from '../../src/core/paths.js';
import type { ApplicationDefault, Migration, Operation, Pack } from '../../src/core/types.js';
import { statesDefault } from '../../src/verify/compare.js';
import { buildSnapshots } from '../../scripts/snapshot-defaults.js';
import { chartPath, hasChart, packChartsDir, repoRoot } from '../helpers/shared.js';
import { chartReads } from '../oracle/charts.js';
import { renderChart } from '../helpers/render.js';
import { toYaml } from '../../src/values/manifests.js';
import { withPlaceholders } from '../../src/verify/placeholders.js';
import type { Plain, PlainMap } from '../../src/core/plain.js';
import { ready as needs } from '../helpers/prereq.js';

/**
 * Per pack, targets that are not keys of the target chart at that release, each with the reason
 * the move is still right (a test below checks the target chart's templates read each). Anything
 * else unknown is a typo.
 */
const allowedUnknownTargets: Record<string, Record<string, string>> = {
  linkerd: {
    '2.8→2.9 linkerd2:prometheus.nodeSelector': 'the 2.9 Prometheus add-on template reads it; its values.yaml does not list it',
  },
};

/**
 * Per pack, sources the step's source chart does not have, each with why: keys a chart version
 * between the step's two releases introduced (a `--from` there has them) and a later one renamed.
 */
const allowedUnknownSources: Record<string, Record<string, string>> = {
  traefik: {
    '36→39 traefik:providers.knative.labelselector': 'the knative provider came in chart 37; 38 camelCased the key',
    '36→39 traefik:providers.kubernetesIngressNginx.namespaces': 'the ingress-nginx provider came in chart 37; 38 took watchNamespace instead',
    '36→39 traefik:providers.kubernetesIngressNginx.namespaceSelector': 'the ingress-nginx provider came in chart 37; 38 renamed it watchNamespaceSelector',
  },
};

function sources(op: Operation): string[] {
  switch (op.op) {
    case 'move':
    case 'copy':
    case 'reshape':
    case 'hoist':
      return [op.from];
    case 'remove':
    case 'keep-old-default':
      return [op.op === 'remove' ? op.path : op.path];
    case 'hook':
      return [];
  }
}

function targets(op: Operation): string[] {
  switch (op.op) {
    case 'move':
    case 'copy':
    case 'reshape':
      return [op.to];
    case 'keep-old-default':
      return [op.path];
    default:
      return [];
  }
}

describe('migration pack registry', () => {
  it('registers every pack folder and nothing else', () => {
    const folders = readdirSync(join(repoRoot, 'migrations'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(repoRoot, 'migrations', d.name, 'index.ts')))
      .map((d) => d.name)
      .sort();
    expect(packs.map((p) => p.name).sort()).toEqual(folders);
  });
});

describe.each(packs.map((p) => [p.name, p] as [string, Pack]))('pack %s', (_, pack) => {
  const packDir = join(repoRoot, 'migrations', pack.name);
  const allowed = allowedUnknownTargets[pack.name] ?? {};
  const allowedSources = allowedUnknownSources[pack.name] ?? {};

  it('lists every <from>-to-<to>.ts module of the folder, in chain order', () => {
    const files = readdirSync(packDir).filter((f) => /^.+-to-.+\.ts$/.test(f)).sort();
    const declared = [...pack.migrations, ...(pack.patchMigrations ?? [])].map((m) => `${m.from}-to-${m.to}.ts`).sort();
    expect(declared).toEqual(files);
  });

  it('chains the releases without gaps', () => {
    expect(pack.migrations.map((m) => [m.from, m.to])).toEqual(pack.releases.slice(0, -1).map((r, i) => [r.id, pack.releases[i + 1].id]));
  });

  it('has a default snapshot for every release, with every chart the release ships', () => {
    for (const r of pack.releases) {
      const snap = pack.snapshot(r.id);
      const expected = pack.charts.filter((c) => c.releases.includes(r.id)).map((c) => c.name).sort();
      expect(Object.keys(snap.charts).sort(), r.id).toEqual(expected);
    }
  });

  describe.each(pack.migrations.map((m) => [`${m.from} → ${m.to}`, m] as [string, Migration]))('migration %s', (_, m) => {
    const fromSnap = pack.snapshot(m.from);
    const toSnap = pack.snapshot(m.to);

    it('has a summary and only names charts of its releases', () => {
      expect(m.summary.length).toBeGreaterThan(10);
      for (const step of m.charts) {
        expect(fromSnap.charts[step.chart], `${step.chart} at ${m.from}`).toBeDefined();
        for (const s of step.becomes ?? []) expect(toSnap.charts[s.chart], `${s.chart} at ${m.to}`).toBeDefined();
        const becomes = step.becomes ?? [{ chart: step.chart, inherits: true }];
        if (becomes.length) expect(becomes.filter((s) => s.inherits || becomes.length === 1).length, `${step.chart}: one successor inherits`).toBe(1);
      }
    });

    it('says the chart version each change came in for all of a chart\'s operations or none, each between the step\'s two charts', () => {
      for (const step of m.charts) {
        const said = step.operations.filter((op) => op.since !== undefined);
        if (!said.length) continue;
        expect(said.length, `${step.chart}: every operation or none says since`).toBe(step.operations.length);
        const [lo, hi] = [fromSnap.charts[step.chart].chartVersion, toSnap.charts[step.chart]?.chartVersion ?? fromSnap.charts[step.chart].chartVersion];
        for (const op of said) expect(valid(op.since) && gt(op.since!, lo) && lte(op.since!, hi), `${step.chart} ${op.op} since ${op.since}: between ${lo} and ${hi}`).toBe(true);
      }
    });

    it('accounts for every chart that does not exist at the next release', () => {
      for (const chart of Object.keys(fromSnap.charts)) {
        if (toSnap.charts[chart]) continue;
        expect(m.charts.find((c) => c.chart === chart)?.becomes, `${chart} disappears at ${m.to}: declare becomes`).toBeDefined();
      }
    });

    it('reads only keys the source chart has and writes only keys the target chart has', () => {
      const problems: string[] = [];
      for (const step of m.charts) {
        const becomes = step.becomes ?? [{ chart: step.chart, inherits: true }];
        const primary = becomes.find((s) => s.inherits) ?? becomes[0];
        step.operations.forEach((op, i) => {
          const later = step.operations.slice(i + 1).flatMap(sources).map(parsePathRef);
          for (const src of sources(op)) {
            const ref = parsePathRef(src);
            // Bare source paths are old keys; qualified ones were just written into a successor.
            const snap = ref.chart ? toSnap.charts[ref.chart] : fromSnap.charts[step.chart];
            if (op.op === 'keep-old-default') continue;
            // A dormant value need not be a key of the source chart: what it claims (no template
            // reads it) is checked against the chart below.
            if (op.op === 'remove' && op.dormant) continue;
            if (allowedSources[`${m.from}→${m.to} ${step.chart}:${src}`] && op.since) continue;
            if (!snap || !KnownPaths.of(snap).has(ref.path)) problems.push(`${step.chart}: reads unknown ${src} (${op.op})`);
          }
          for (const dst of targets(op)) {
            const ref = parsePathRef(dst);
            const chart = ref.chart ?? primary?.chart ?? step.chart;
            const intermediate = later.some((l) => (l.chart ?? primary?.chart) === chart && isPrefix(l.path, ref.path));
            if (intermediate) continue;
            const snap = toSnap.charts[chart];
            if (snap && KnownPaths.of(snap).has(ref.path)) continue;
            const key = `${m.from}→${m.to} ${chart}:${ref.path.join('.')}`;
            if (!allowed[key]) problems.push(`writes unknown ${key} (${op.op})`);
          }
        });
      }
      expect(problems).toEqual([]);
    });
  });

  describe('targets missing from the default snapshots', () => {
    it.skipIf(!needs('shared'))('are each read by the target chart\'s templates', () => {
      const unread = Object.keys(allowed).filter((key) => {
        const [, to, chart, path] = /^[^→]+→(\S+) ([^:]+):(.+)$/.exec(key)!;
        return !chartReads(chartPath(pack, to, chart), path);
      });
      expect(unread).toEqual([]);
    });
  });

  /**
   * A `remove` drops the user's value: if the target chart still reads the path, the value would
   * have worked there, so the removal needs a reason of its own (`stillRead`) or `only: old-default`.
   */
  describe.each(pack.migrations.map((m) => [`${m.from} → ${m.to}`, m] as [string, Migration]))('removals of %s', (_, m) => {
    it.skipIf(!needs('shared'))('remove nothing the target charts still read', () => {
      const unjustified: string[] = [];
      for (const decl of m.charts) {
        const successors = decl.becomes ?? [{ chart: decl.chart, inherits: true }];
        const primary = (successors.find((s) => s.inherits) ?? successors[0])?.chart;
        for (const op of decl.operations) {
          if (op.op === 'remove' && op.dormant) continue;
          if (op.op !== 'remove' || op.only || op.stillRead) continue;
          const ref = parsePathRef(op.path);
          const chart = ref.chart ?? primary;
          if (!chart || !hasChart(pack, m.to, chart)) continue;
          const path = formatPath(ref.path);
          if (chartReads(chartPath(pack, m.to, chart), path)) unjustified.push(`${decl.chart}: remove ${op.path} (${chart} ${m.to} still reads it)`);
        }
      }
      expect(unjustified).toEqual([]);
    });
  });

  describe.skipIf(!needs('shared', 'binaries'))('dormant values', () => {
    /**
     * What a `dormant` removal claims, asked of the real source chart: set (to the value the
     * removal takes, or to a probe), the value changes nothing in its render. A template that
     * read it, or failed on it, would.
     */
    it('change nothing on the chart the step starts from', () => {
      const awake: string[] = [];
      for (const m of pack.migrations) for (const decl of m.charts) {
        for (const op of decl.operations) {
          if (op.op !== 'remove' || !op.dormant || !hasChart(pack, m.from, decl.chart)) continue;
          const path = parsePathRef(op.path).path;
          const value = op.only && typeof op.only === 'object' ? op.only.equals : 'helm-migrate-dormant-probe';
          const base = withPlaceholders(pack, decl.chart, m.from, {});
          const probe = withPlaceholders(pack, decl.chart, m.from, setIn({}, path, value));
          const dir = chartPath(pack, m.from, decl.chart);
          const opts = { release: 'dormant', namespace: 'dormant' };
          // `again` is rendered anew (not from the render cache): it shows what changes by itself.
          const [a, again, b] = [base, base, probe].map((v, i) => renderChart(dir, toYaml(v), { ...opts, fresh: i === 1 }));
          expect(a.ok, a.error).toBe(true);
          if (!b.ok || !sameRender(a.text, again.text, b.text, pack.applicationDefaults)) awake.push(`${decl.chart} ${m.from}: ${op.path}=${JSON.stringify(value)} ${b.ok ? 'changes the render' : `fails it: ${b.error?.split('\n')[0]}`}`);
        }
      }
      expect(awake).toEqual([]);
    });
  });

  describe('default snapshots', () => {
    it.skipIf(!needs('shared'))('match the real charts they were generated from (npm run snapshot-defaults)', () => {
      const stale = [...buildSnapshots(pack, packChartsDir(pack))].filter(([file, text]) => readFileSync(file, 'utf8') !== text).map(([f]) => f);
      expect(stale).toEqual([]);
    });
  });
});

/** `obj` with `value` at `path`, maps made on the way. */
function setIn(obj: PlainMap, path: readonly (string | number)[], value: Plain): PlainMap {
  let at: PlainMap = obj;
  path.forEach((k, i) => {
    if (i === path.length - 1) at[String(k)] = value;
    else at = (at[String(k)] ??= {}) as PlainMap;
  });
  return obj;
}

/**
 * Whether `probe` renders as `base` does, but for lines that change between two renders of the
 * same values (certificates a chart generates anew each time).
 */
function sameRender(base: string, again: string, probe: string, defaults: ApplicationDefault[] = []): boolean {
  // A flag that states what the application does anyway (`--global.checkNewVersion` in a Traefik
  // that checks by default) is no change: with or without it, the application behaves the same.
  const readAsDefault = (line: string) => {
    const arg = /^\s*- "?(--[^"]*?)"?\s*$/.exec(line)?.[1];
    return arg !== undefined && statesDefault(arg, defaults);
  };
  const [a, b, p] = [base, again, probe].map((t) => t.split('\n').filter((l) => !readAsDefault(l)));
  return a.length === p.length && a.every((line, i) => line === p[i] || line !== b[i]);
}
