/**
 * Core knows no pack: the registry and the engine work on a pack made up here (two releases of
 * a "widget" chart that splits in two), and no file under src/ but the CLI's composition root
 * imports migrations/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineMigration, definePack } from '../../src/core/define.js';
import { migrate } from '../../src/core/engine.js';
import { PackRegistry } from '../../src/core/pack-registry.js';
import { repositoryFor } from '../../src/core/repositories.js';
import { chartArgs, findChart } from '../../src/plan/chart-source.js';
import type { Pack } from '../../src/core/types.js';
import { parseValues } from '../../src/values/parse.js';
import { createDocFactory } from '../../src/values/yaml-values.js';
import { repoRoot } from '../helpers/shared.js';

const snapshot = (release: string, charts: Record<string, Record<string, unknown>>) => ({
  release,
  charts: Object.fromEntries(
    Object.entries(charts).map(([chart, defaults]) => [chart, { chart, chartVersion: release === '1' ? '1.0.0' : '2.0.0', defaults: defaults as never, paths: Object.keys(defaults) }]),
  ),
});

const toy: Pack = definePack({
  name: 'toy',
  title: 'Toy',
  releases: [
    { id: '1', version: '1.0.0', tag: 'v1.0.0' },
    { id: '2', version: '2.0.0', tag: 'v2.0.0' },
  ],
  repositories: [
    { name: 'toy-next', url: 'https://charts.example/next', releases: /^2$/ },
    { name: 'toy', url: 'https://charts.example/stable' },
  ],
  charts: [
    { name: 'widget', releases: ['1', '2'], role: 'the widget' },
    { name: 'widget-crds', releases: ['2'], role: 'its CRDs' },
  ],
  migrations: [
    defineMigration({
      from: '1',
      to: '2',
      summary: 'replicas renamed; CRDs in their own chart',
      charts: [
        {
          chart: 'widget',
          becomes: [{ chart: 'widget', inherits: true }, { chart: 'widget-crds', emit: 'always', why: 'the CRDs moved' }],
          operations: [
            { op: 'move', from: 'replicas', to: 'replicaCount' },
            { op: 'move', from: 'crds.keep', to: 'widget-crds:keep' },
            { op: 'remove', path: 'legacy', why: 'no longer read' },
            { op: 'move', from: 'extra.*.type', to: 'extra.*.spec.type' },
          ],
        },
      ],
    }),
  ],
  snapshot: (id) =>
    id === '1' ? snapshot('1', { widget: { replicas: 1, legacy: false, crds: { keep: true }, extra: {} } }) : snapshot('2', { widget: { replicaCount: 1, extra: {} }, 'widget-crds': { keep: true } }),
});

describe('a pack core has never heard of', () => {
  it('the registry finds it by chart and by name, and names what it does not know', () => {
    const registry = new PackRegistry([toy]);
    expect(registry.forChart('widget-crds').name).toBe('toy');
    expect(registry.byName('toy')).toBe(toy);
    expect(() => registry.forChart('gadget')).toThrow('no migration pack knows chart "gadget"; known charts: widget, widget-crds');
    expect(() => new PackRegistry([toy, { ...toy, name: 'copy' }])).toThrow(/chart widget is claimed by packs toy and copy/);
  });

  it('the engine runs its migration: renamed, split, removed with a reason, comments kept', () => {
    const doc = parseValues('# how many\nreplicas: 3\nlegacy: true\ncrds:\n  keep: false\n', 'in').values;
    const r = migrate({ pack: toy, chart: 'widget', from: '1', to: '2', doc, factory: createDocFactory() });
    const out = Object.fromEntries(r.outputs.map((o) => [o.chart, String(o.doc)]));
    expect(out.widget).toBe('# how many\nreplicaCount: 3\n');
    expect(out['widget-crds']).toBe('# Values for the widget-crds chart, split out of widget values by helm-migrate (1 → 2).\n\nkeep: false\n');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ kind: 'dropped', path: 'legacy', why: 'no longer read' }));
  });
});

describe('a start between two releases', () => {
  // Releases 1 and 3 have snapshots; chart 2.x lies between them, inside the step 1 → 3.
  const gapped = (since: (string | undefined)[]): Pack =>
    definePack({
      name: 'gapped',
      title: 'Gapped',
      releases: [
        { id: '1', version: '1.0.0', tag: 'v1.0.0' },
        { id: '3', version: '3.0.0', tag: 'v3.0.0' },
      ],
      charts: [{ name: 'widget', releases: ['1', '3'], role: 'the widget', chartVersions: { '1': '1.x', '3': '3.x' } }],
      migrations: [
        defineMigration({
          from: '1',
          to: '3',
          summary: 'two renames, one per major',
          charts: [
            {
              chart: 'widget',
              operations: [
                { op: 'move', from: 'replicas', to: 'replicaCount', ...(since[0] ? { since: since[0] } : {}) },
                { op: 'move', from: 'image', to: 'image.repository', ...(since[1] ? { since: since[1] } : {}) },
              ],
            },
          ],
        }),
      ],
      snapshot: (id) => (id === '1' ? snapshot('1', { widget: { replicas: 1, image: 'w' } }) : snapshot('3', { widget: { replicaCount: 1, image: { repository: 'w' } } })),
    });
  const run = (p: Pack, from: string, input: string) => migrate({ pack: p, chart: 'widget', from, to: '3', doc: parseValues(input, 'in').values, factory: createDocFactory() });

  it('makes only the changes that came after its chart version, and says so', () => {
    const tagged = gapped(['2.0.0', '3.0.0']);
    // A 2.1 file already has the rename of 2.0 (replicaCount): moving `replicas` again is not its business.
    const r = run(tagged, '2.1.0', 'replicaCount: 2\nimage: acme/w # ours\n');
    expect(String(r.outputs[0].doc)).toBe('replicaCount: 2\nimage:\n  repository: acme/w # ours\n');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ kind: 'note', text: expect.stringMatching(/widget 2\.1\.0 lies between 1 \(1\.0\.0\) and 3: 1 of this step's 2 changes came in 2\.1\.0 or earlier/) }));
    // From release 1 both apply; a start at 3.x is no start inside the step.
    expect(String(run(tagged, '1.0.0', 'replicas: 2\nimage: acme/w\n').outputs[0].doc)).toBe('replicaCount: 2\nimage:\n  repository: acme/w\n');
    // A change made in exactly that version is taken as made.
    expect(String(run(tagged, '2.0.0', 'replicas: 2\n').outputs[0].doc)).toBe('replicas: 2\n');
  });

  it('is refused, naming why, when the step does not say when each change came', () => {
    expect(() => run(gapped(['2.0.0', undefined]), '2.1.0', 'replicaCount: 2\n')).toThrow(
      /widget chart 2\.1\.0 lies between Gapped 1 and 3, the releases helm-migrate migrates between; it cannot start there: the step between them does not say/,
    );
  });
});

describe('operations over many paths', () => {
  it('a wildcard source stands for every matching key, bound the same on the target side; lists and other shapes are left alone', () => {
    const input = 'extra:\n  internal:\n    type: ClusterIP # private\n  "a.b":\n    type: NodePort\n  plain:\n    port: 80\n  listed:\n    - type: x\n';
    const r = migrate({ pack: toy, chart: 'widget', from: '1', to: '2', doc: parseValues(input, 'in').values, factory: createDocFactory() });
    expect(String(r.outputs[0].doc)).toBe('extra:\n  internal:\n    spec:\n      type: ClusterIP # private\n  "a.b":\n    spec:\n      type: NodePort\n  plain:\n    port: 80\n  listed:\n    - type: x\n');
    expect(r.diagnostics.filter((d) => d.kind === 'applied' && d.op === 'move').map((d) => (d as { from: string }).from)).toContain('extra."a.b".type');
  });
});

describe('chart repositories are data, used as URLs', () => {
  it('the first matching repository publishes a chart; helm gets --repo URL --version, never an alias', () => {
    expect(repositoryFor(toy, 'widget', '1').url).toBe('https://charts.example/stable');
    expect(repositoryFor(toy, 'widget-crds', '2').url).toBe('https://charts.example/next');
    expect(chartArgs(findChart(toy, 'widget-crds', '2'))).toEqual(['widget-crds', '--repo', 'https://charts.example/next', '--version', '2.0.0']);
    expect(() => repositoryFor({ ...toy, repositories: [] }, 'widget', '1')).toThrow('pack toy names no repository for chart widget at 1; pass --charts-dir');
  });
});

describe('the import graph', () => {
  it('nothing under src/ imports migrations/ except the CLI composition root', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /from ['"][./]*\/migrations\//.test(readFileSync(p, 'utf8'))) offenders.push(relative(repoRoot, p));
      }
    };
    walk(join(repoRoot, 'src'));
    expect(offenders).toEqual(['src/cli/packs.ts']);
  });

  it('no pack is named under src/: what is particular to a pack lives in its folder', () => {
    const packNames = readdirSync(join(repoRoot, 'migrations'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(packNames.length).toBeGreaterThan(0);
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
            for (const name of packNames) if (line.toLowerCase().includes(name.toLowerCase())) hits.push(`${relative(repoRoot, p)}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    walk(join(repoRoot, 'src'));
    expect(hits).toEqual([]);
  });
});

describe('a version pin the step drops', () => {
  // Toy release 1 pins image.tag v1; release 2 changes that default. The copied v1 is the old
  // release's own pin and goes; it must not also be listed as an old default the file keeps.
  const pinned: Pack = {
    ...toy,
    migrations: [{ ...toy.migrations[0], charts: [{ chart: 'widget', operations: [] }] }],
    charts: [{ name: 'widget', releases: ['1', '2'], role: 'the widget' }],
    versionPins: { paths: ['image.tag'], shipped: () => [] },
    snapshot: (id) => snapshot(id, { widget: { image: { tag: id === '1' ? 'v1' : 'v2' } } }),
  };

  it('is reported dropped, not kept as a changed default', () => {
    const doc = parseValues('image:\n  tag: v1\n', 'in').values;
    const r = migrate({ pack: pinned, chart: 'widget', from: '1', to: '2', doc, factory: createDocFactory() });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ kind: 'dropped', path: 'image.tag' }));
    expect(r.diagnostics.filter((d) => d.kind === 'default-changed')).toEqual([]);
    expect(String(r.outputs[0].doc)).toBe('{}\n');
  });
});
