/**
 * The fourth phase of a plan: each release step by step through the chain (a stage per step),
 * its values migrated by the engine, the charts that take it over chosen (the same release
 * upgraded, a new one installed, an object another chart adopts), and every target rendered
 * with helm (once per distinct chart, values and release name; CRDs of a crds/ folder too).
 * Reads the cluster only to see whether adopted kinds are in use.
 */
import { migrate } from '../core/engine.js';
import { memo } from '../core/memo.js';
import { getPlain } from '../core/plain.js';
import type { Migration, Pack } from '../core/types.js';
import type { HelmRelease } from '../helm/release.js';
import type { Kube, KubeObject, ObjectRef } from '../kube/types.js';
import { refOf } from '../kube/types.js';
import { parseCrds } from '../values/manifests.js';
import { parseValues } from '../values/parse.js';
import { createDocFactory } from '../values/yaml-values.js';
import { findChart } from './chart-source.js';
import { adoptCommand } from './commands.js';
import { sameRelease } from './classify.js';
import type { StageTarget } from './stage-steps.js';
import type { TargetRenderer } from './target-renderer.js';
import type { PinnedRelease, ReleaseId } from './types.js';

/** A release as the planner tracks it through the stages. */
export interface Tracked {
  id: ReleaseId;
  chart: string;
  release: string;
  /** Its chart version, when it lies between `release` and the next (see resolveStart). */
  within?: string;
  values: string;
  /** Where its objects live (differs from the release namespace before 2.12). */
  objectsNamespace: string;
  manifest: ObjectRef[];
  live?: HelmRelease;
  pin?: PinnedRelease;
}

export function namespaceOf(pack: Pack, chart: string, values: Record<string, unknown>, fallback: string): string {
  const o = pack.cluster?.objectNamespace;
  if (!o) return fallback;
  const v = getPlain(values as never, [o.path]);
  if (typeof v === 'string' && v) return v;
  return o.defaults[chart] ?? fallback;
}

/** A release a stage installs or upgrades, with what it was rendered to. */
export interface PlannedTarget extends Tracked {
  /** The release it continues (the same one when upgraded in place). */
  source?: Tracked;
  /** The release whose values it came from. */
  origin?: Tracked;
  createNamespace: boolean;
  chartSource: ReturnType<typeof findChart>;
  rendered: KubeObject[];
  crds?: StageTarget['crds'];
}

export interface StagePlan {
  stage: Migration;
  sources: Tracked[];
  strategy: Map<Tracked, 'upgrade' | 'handover'>;
  targets: PlannedTarget[];
}

export interface StagePlanInput {
  pack: Pack;
  chain: Migration[];
  tracked: Tracked[];
  /** Releases of charts versioned on their own: not migrated, but they may keep an adopted object. */
  independent: { id: ReleaseId; chart: string }[];
  kube: Kube;
  renderer: TargetRenderer;
  chartsDir?: string;
  /** Where the phase says what it decided (the plan's notes and follow-ups). */
  notes: string[];
  followUps: string[];
}

export async function planStages(input: StagePlanInput): Promise<StagePlan[]> {
  const { pack, chain, tracked, independent, kube, renderer, chartsDir, notes, followUps } = input;
  const cluster = pack.cluster!;
  const crdsIn = memo(parseCrds);
// The engine is pure: releases with the same chart, step and values migrate once.
const migrateValues = memo((key: string) => {
  const [chart, from, toId, values] = JSON.parse(key) as string[];
  const result = migrate({ pack: pack, chart, from, to: toId, doc: parseValues(values, 'release values').values, factory: createDocFactory(), trustChart: true });
  return { followUps: result.followUps, outputs: result.outputs.map((o) => ({ chart: o.chart, reason: o.reason, values: String(o.doc), plain: o.doc.toPlain() })) };
});
  const stagePlans: StagePlan[] = [];
  let current = tracked;
  for (const step of chain) {
    const sources = current.filter((t) => t.release === step.from);
    const staying = current.filter((t) => t.release !== step.from);
    const strategy = new Map<Tracked, 'upgrade' | 'handover'>();
    const targets: PlannedTarget[] = [];
    for (const src of sources) {
      const decl = step.charts.find((c) => c.chart === src.chart);
      strategy.set(src, decl?.cluster ?? 'upgrade');
      const result = migrateValues(JSON.stringify([src.chart, src.within ?? step.from, step.to, src.values]));
      for (const f of result.followUps) if (!followUps.includes(`${f.step}: ${f.text}`)) followUps.push(`${f.step}: ${f.text}`);
      if (!result.outputs.length) {
        followUps.push(`${step.to}: release ${src.id.namespace}/${src.id.name} (${src.chart}) has no successor chart; it was left as it is: uninstall it when you no longer need it`);
        staying.push(src);
        continue;
      }
      for (const out of result.outputs) {
        const continues = out.reason === 'continues-input';
        const existing = current.find((t) => t !== src && t.chart === out.chart);
        const install = cluster.installs[out.chart];
        let id: ReleaseId;
        if (continues && strategy.get(src) === 'upgrade') id = src.id;
        else if (continues && install && !install.namespace) id = { name: install.release, namespace: src.objectsNamespace };
        else if (continues) id = { name: src.id.name, namespace: src.objectsNamespace };
        else if (existing) id = existing.id;
        else id = { name: install?.release ?? out.chart, namespace: install?.namespace ?? src.objectsNamespace };
        targets.push({
          id,
          chart: out.chart,
          release: step.to,
          values: out.values,
          // Charts that put objects where a value says do so whatever the release namespace.
          objectsNamespace: namespaceOf(pack, out.chart, out.plain, continues ? src.objectsNamespace : id.namespace),
          manifest: [],
          source: continues ? src : undefined,
          origin: src,
          createNamespace: true,
          chartSource: findChart(pack, out.chart, step.to, chartsDir),
          rendered: [],
        });
      }
    }
    // Adoptions: objects another chart takes over at this release, when they are in use.
    for (const a of cluster.adoptions.filter((x) => x.atRelease === step.to)) {
      const owned = sources.some((s) => s.manifest.some((m) => m.kind === a.object.kind && m.name === a.object.name));
      if (!owned) continue;
      let inUse = false;
      for (const k of a.whenAnyExist) if ((await kube.serves(k.apiVersion, k.kind)) && (await kube.list(k.apiVersion, k.kind)).length) inUse = true;
      const existing = [...current, ...targets].find((t) => t.chart === a.chart);
      const standing = independent.find((x) => x.chart === a.chart);
      if (standing) {
        notes.push(`${a.object.kind} ${a.object.name} stays with the existing ${a.chart} release ${standing.id.namespace}/${standing.id.name}`);
        continue;
      }
      if (!inUse) {
        notes.push(`${a.object.kind} ${a.object.name} is left in place, no longer managed by any release: no ${a.whenAnyExist[0].kind} exists, and the plan takes the old release's ownership off it. To have ${a.chart} manage it: ${adoptCommand(a.object, { name: cluster.installs[a.chart]?.release ?? a.chart, namespace: cluster.installs[a.chart]?.namespace ?? sources[0].objectsNamespace }, findChart(pack, a.chart, step.to, chartsDir))}; or delete it by hand if you do not use it (helm-migrate never deletes it).`);
        continue;
      }
      if (existing && !targets.includes(existing as never)) continue;
      const install = cluster.installs[a.chart];
      const id = existing?.id ?? { name: install.release, namespace: install.namespace ?? sources[0].objectsNamespace };
      targets.push({ id, chart: a.chart, release: step.to, values: '', objectsNamespace: id.namespace, manifest: [], createNamespace: true, chartSource: findChart(pack, a.chart, step.to, chartsDir), rendered: [] });
      notes.push(`${step.to}: ${a.why} (release ${id.namespace}/${id.name})`);
    }
    // Render every target (shared across releases that differ only in namespace).
    const rendered = await renderer.renderAll(targets.map((t) => ({ id: t.id, chart: t.chartSource, values: t.values })));
    targets.forEach((t, i) => (t.rendered = rendered[i]));
    // A chart that renders its own Namespace cannot keep its release record in it (helm
    // writes the record first), and must not get --create-namespace (helm would create the
    // Namespace, then refuse to adopt it). Such releases stay beside the release they came from.
    const moved = targets.filter((t) => !t.source && t.rendered.some((o) => o.kind === 'Namespace' && o.metadata.name === t.id.namespace));
    for (const t of moved) t.id = { name: t.id.name, namespace: t.origin?.id.namespace ?? 'default' };
    const again = await renderer.renderAll(moved.map((t) => ({ id: t.id, chart: t.chartSource, values: t.values })));
    moved.forEach((t, i) => (t.rendered = again[i]));
    for (const t of targets) {
      t.manifest = t.rendered.map(refOf);
      t.createNamespace = !t.rendered.some((o) => o.kind === 'Namespace');
      // CRDs in the chart's crds/ folder: Helm never upgrades them, so the plan applies them.
      if (cluster.crdsFolder?.charts.includes(t.chart)) {
        const text = await renderer.crds(t.chartSource);
        t.crds = { text, objects: crdsIn(text) };
      }
    }
    // Order: charts that own CRDs, then releases upgraded in place (their upgrade deletes what
    // moves to a new release), then new releases.
    const rank = (t: (typeof targets)[number]) =>
      t.rendered.some((o) => o.kind === 'CustomResourceDefinition') ? 0 : t.source && sameRelease(t.source.id, t.id) ? 1 : 2;
    targets.sort((a, b) => rank(a) - rank(b));
    stagePlans.push({ stage: step, sources, strategy, targets });
    current = [...staying, ...targets];
  }

  return stagePlans;
}

