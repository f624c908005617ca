/**
 * Building a plan from a live cluster, phase by phase: read the releases (select-releases.ts),
 * check the trust anchor, migrate and render each stage (stage-plans.ts: a stage per step, no
 * skipping), look at the live objects (one paged list per kind) and who owns the CRDs the plan
 * applies (crd-owners.ts), classify, and lay out the ordered steps (stage-steps.ts). Nothing
 * here writes to the cluster.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import { memo } from '../core/memo.js';
import type { PackRegistry } from '../core/pack-registry.js';
import { getPlain, type Plain } from '../core/plain.js';
import { collectSecrets } from '../core/secrets.js';
import type { ClusterProfile } from '../core/types.js';
import { releaseIndex, resolveRelease, resolveStart, selectChain } from '../core/versions.js';
import type { Helm } from '../helm/cli.js';
import { recordKind, type StorageDriver } from '../helm/release.js';
import type { Kube, KubeObject, ObjectRef } from '../kube/types.js';
import { refKey, refOf } from '../kube/types.js';
import { parseManifests } from '../values/manifests.js';
import { parseValues, valuesFromObject } from '../values/parse.js';
import { crdStorageVersion, crdStoredVersions } from './crd-versions.js';
import { checkStoredVersions, classifyStage, storedVersionBlockers, sameRelease, viewOf, type ClusterView, type SourceRelease, type TargetManifest } from './classify.js';
import { dataPlaneProblems } from './data-plane.js';
import { foreignCrdOwners, isRetirement, retireOrBlock, type Retirement } from './crd-owners.js';
import { seal } from './digest.js';
import { TargetRenderer, withNamespace } from './target-renderer.js';
import { retiredGroupNotes } from './retired-groups.js';
import { pinOf, selectReleases } from './select-releases.js';
import { layOutStage } from './stage-steps.js';
import { namespaceOf, planStages, type Tracked } from './stage-plans.js';
import { fingerprint, readTrustAnchor } from './trust-anchor.js';
import { PLAN_API_VERSION, type Blocker, type ClassifiedObject, type Plan, type ReleaseId, type Stage } from './types.js';

export interface PlanRequest {
  release?: string;
  namespace?: string;
  allNamespaces?: boolean;
  to: string;
  chartsDir?: string;
  driver: StorageDriver;
  tool: string;
  now?: Date;
}

export interface BuiltPlan {
  plan: Plan;
  /** Values files, by path relative to the plan's sidecar folder (they hold secrets: 0600). */
  valuesFiles: Map<string, string>;
  /** Every secret string met, so logs can be scrubbed. */
  secrets: Set<string>;
}

function trustAnchorOf(anchor: NonNullable<ClusterProfile['trustAnchor']>, values: Record<string, unknown>): string | undefined {
  for (const p of anchor.valuesPath) {
    const v = getPlain(values as never, p);
    if (typeof v === 'string' && v.trim()) return v;
  }
  return undefined;
}

export async function buildPlan(req: PlanRequest, deps: { kube: Kube; helm: Helm; packs: PackRegistry }): Promise<BuiltPlan> {
  const { kube, helm } = deps;
  const { kind } = recordKind(req.driver);
  const secrets = new Set<string>();

  // 1–2. Every Helm release in the cluster, and which of them the plan moves.
  const { pack: thePack, selected, unreadable, all } = await selectReleases(kube, deps.packs, req);
  const cluster = thePack.cluster;
  if (!cluster) throw new HelmMigrateError('not-a-known-chart', `pack ${thePack.name} has no cluster support`);
  const to = resolveRelease(thePack, req.to, selected[0].current.chart.name);

  const tracked: Tracked[] = [];
  const notes: string[] = [];
  // A fleet stores the same manifest many times over: each distinct text is parsed once.
  const storedObjects = memo(parseManifests);
  const valuesText = memo((json: string) => String(valuesFromObject(JSON.parse(json))));
  const secretsIn = memo((values: string) => collectSecrets(parseValues(values, 'values').values.toPlain()));
  /** Releases of charts versioned on their own: not migrated, but they may own objects. */
  const independent: { id: ReleaseId; chart: string }[] = [];
  for (const r of selected) {
    const c = r.current;
    const family = thePack.charts.find((f) => f.name === c.chart.name);
    if (!family) continue;
    if (family.independentVersions) {
      independent.push({ id: { name: c.name, namespace: c.namespace }, chart: c.chart.name });
      continue;
    }
    const alone = cluster.leftAlone?.find((l) => l.charts.includes(c.chart.name));
    if (alone) {
      notes.push(`${c.namespace}/${c.name} (${c.chart.name}) is left alone: ${alone.why}`);
      continue;
    }
    const { release: from, within } = resolveStart(thePack, c.chart.version, c.chart.name);
    if (within) notes.push(`${c.namespace}/${c.name} runs ${c.chart.name} ${within}, between ${from.id} and the next release: its first stage makes only the changes that came after ${within}`);
    if (releaseIndex(thePack, from.id) > releaseIndex(thePack, to.id)) {
      throw new HelmMigrateError('downgrade', `${c.namespace}/${c.name} is already at ${from.id}, newer than ${to.id}`);
    }
    for (const s of collectSecrets(c.config as never)) secrets.add(s);
    const objectsNamespace = namespaceOf(thePack, c.chart.name, c.config, c.namespace);
    tracked.push({
      id: { name: c.name, namespace: c.namespace },
      chart: c.chart.name,
      release: from.id,
      ...(within ? { within } : {}),
      values: valuesText(JSON.stringify(c.config)),
      objectsNamespace,
      manifest: storedObjects(c.manifest).map((o) => refOf(withNamespace(o, objectsNamespace))),
      live: c,
      pin: pinOf(r),
    });
  }
  if (!tracked.length) throw new HelmMigrateError('release-not-found', 'nothing to migrate: every selected release is one the pack leaves alone');
  const start = tracked.reduce((min, t) => (releaseIndex(thePack, t.release) < releaseIndex(thePack, min) ? t.release : min), tracked[0].release);
  const chain = selectChain(thePack, thePack.releases.find((r) => r.id === start)!, to);

  // 3. The trust anchor the control plane uses, and the one the values carry.
  const trust = cluster.trustAnchor;
  const cp = trust && tracked.find((t) => trust.chart.includes(t.chart));
  const blocked: Blocker[] = [];
  let trustAnchorSha256: string | undefined;
  let trustRoots: ObjectRef | undefined;
  if (trust && cp) {
    const anchor = trustAnchorOf(trust, (cp.live?.config ?? {}) as Record<string, unknown>);
    trustRoots = { apiVersion: 'v1', kind: 'ConfigMap', namespace: cp.objectsNamespace, name: trust.configMap };
    const liveAnchor = await readTrustAnchor(kube, trustRoots, trust.key);
    if (liveAnchor && anchor && liveAnchor.trim() !== anchor.trim()) {
      blocked.push({
        stage: chain[0]?.to ?? to.id,
        object: trustRoots,
        message: `the trust anchor in ${cp.id.namespace}/${cp.id.name}'s values differs from the one the control plane uses (ConfigMap ${trustRoots.namespace}/${trustRoots.name}, sha256 ${fingerprint(liveAnchor).slice(0, 12)}…); installing it would break every proxy's identity`,
        hint: 'rotate trust anchors separately, before migrating',
      });
    }
    const effective = liveAnchor ?? anchor;
    if (effective) trustAnchorSha256 = fingerprint(effective);
    if (!anchor && !liveAnchor) notes.push(`no trust anchor found in the values or the cluster: supply ${trust.valuesPath[0].join('.')} before applying`);
  }

  // 4. Migrate values stage by stage and render every target.
  const work = mkdtempSync(join(tmpdir(), 'helm-migrate-plan-'));
  const renderer = new TargetRenderer(helm, work);
  const stages: Stage[] = [];
  const valuesFiles = new Map<string, string>();
  const classified: ClassifiedObject[] = [];
  const followUps: string[] = [];
  let view: ClusterView | undefined;
  try {
    const stagePlans = await planStages({ pack: thePack, chain, tracked, independent, kube, renderer, chartsDir: req.chartsDir, notes, followUps });

    // 5. What exists: one paged list per kind in any manifest.
    const kinds = new Map<string, { apiVersion: string; kind: string }>();
    for (const t of tracked) for (const r of t.manifest) kinds.set(`${r.apiVersion}|${r.kind}`, r);
    for (const sp of stagePlans) for (const t of sp.targets) for (const r of t.manifest) kinds.set(`${r.apiVersion}|${r.kind}`, r);
    const live: KubeObject[] = [];
    for (const k of kinds.values()) {
      if (!(await kube.serves(k.apiVersion, k.kind))) continue;
      live.push(...(await kube.list(k.apiVersion, k.kind)));
    }
    view = viewOf(live);
    const retirements: Retirement[] = [];

    // CRDs the plan applies from a chart's crds/ folder, which another release may own.
    const appliedCrds = new Map<string, string>();
    for (const sp of stagePlans) for (const t of sp.targets) if (t.crds) for (const o of t.crds.objects) if (!appliedCrds.has(o.metadata.name)) appliedCrds.set(o.metadata.name, sp.stage.to);
    const crdKind = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
    const liveCrds = !appliedCrds.size ? [] : kinds.has(`${crdKind.apiVersion}|${crdKind.kind}`) ? live.filter((o) => o.kind === crdKind.kind) : await kube.list(crdKind.apiVersion, crdKind.kind);
    if (appliedCrds.size) {
      const ours = [...tracked.map((t) => t.id), ...stagePlans.flatMap((sp) => sp.targets.map((t) => t.id))];
      const goesTo = (id: string) => releaseIndex(thePack, to.id) >= releaseIndex(thePack, id);
      for (const entry of foreignCrdOwners(liveCrds, appliedCrds, ours)) {
        const owner = all.find((r) => sameRelease(r.current, entry.owner));
        const decided = retireOrBlock(entry, owner, { profile: cluster, liveCrds, applied: appliedCrds, objectsOf: storedObjects, goesTo });
        if (!isRetirement(decided)) {
          blocked.push(decided);
          continue;
        }
        retirements.push(decided);
        const r = decided.release;
        notes.push(`${decided.stage}: release ${r.namespace}/${r.name} (${r.chart} ${r.chartVersion}) is retired: ${decided.why}. Its records are backed up and deleted, so no uninstall can reach its ${decided.crds.length} CRD(s); they stay, without its ownership`);
        if (decided.unmanaged.length) notes.push(`${decided.stage}: ${decided.unmanaged.length} CRD(s) of ${r.namespace}/${r.name} come from no chart of the plan (${decided.unmanaged.join(', ')}): they stay as they are, managed by no release; update them yourself`);
      }
    }

    // Conflicts a value can avoid (a Gateway API CRD someone else owns): set it and render again.
    for (const sp of stagePlans) {
      for (const t of sp.targets) {
        for (const cv of cluster.conflictValues.filter((c) => c.chart === t.chart)) {
          const hit = t.rendered.find((o) => o.kind === cv.kind && cv.namePattern.test(o.metadata.name));
          if (!hit) continue;
          const e = view.get(refKey(refOf(hit)));
          if (!e?.exists || sameRelease(e.owner, t.id) || tracked.some((x) => sameRelease(x.id, e.owner))) continue;
          const doc = parseValues(t.values, 'values').values;
          for (const [k, v] of Object.entries(cv.set)) doc.set([k], v as Plain);
          t.values = String(doc);
          t.rendered = await renderer.render({ id: t.id, chart: t.chartSource, values: t.values });
          t.manifest = t.rendered.map(refOf);
          notes.push(`${sp.stage.to}: ${t.chart}: ${Object.entries(cv.set).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}: ${cv.why} (${hit.kind} ${hit.metadata.name})`);
        }
      }
    }

    // 6. Classify each stage against the view as the earlier stages leave it, and lay out steps.
    // A retired release's CRDs are pinned as read now: nothing before its stage touches them.
    const pinnedObjects: Plan['pins']['objects'] = retirements.flatMap((r) => r.crds);
    const initialView = new Map(view);
    const storedCrdVersions = new Map(liveCrds.map((c) => [c.metadata.name, crdStoredVersions(c)]));
    for (const [si, sp] of stagePlans.entries()) {
      const stageId = sp.stage.to;
      const sourceReleases: SourceRelease[] = sp.sources.map((s) => ({ release: s.id, objects: s.manifest, strategy: sp.strategy.get(s) ?? 'upgrade' }));
      const targetManifests: TargetManifest[] = sp.targets.map((t) => ({ release: t.id, objects: t.rendered }));
      const before = new Map(view);
      const result = classifyStage(stageId, view, sourceReleases, targetManifests);
      classified.push(...result.objects);
      blocked.push(...result.blocked, ...checkStoredVersions(stageId, before, targetManifests));
      // CRDs from a chart's crds/ folder are in no manifest: checked against the live CRDs, with
      // what earlier stages' applies stored.
      for (const t of sp.targets) {
        for (const crd of t.crds?.objects ?? []) {
          const name = crd.metadata.name;
          blocked.push(...storedVersionBlockers(stageId, crd, storedCrdVersions.get(name) ?? []));
          const storage = crdStorageVersion(crd);
          if (storage) storedCrdVersions.set(name, [...new Set([...(storedCrdVersions.get(name) ?? []), storage])]);
        }
      }

      const { steps, files } = layOutStage({
        stage: sp.stage,
        sources: sp.sources.map((x) => ({ id: x.id, chart: x.chart, pin: x.pin, strategy: sp.strategy.get(x) ?? 'upgrade' })),
        targets: sp.targets,
        handovers: result.handovers,
        disowned: result.disowned,
        retire: retirements.filter((r) => r.stage === stageId),
        // Objects are pinned where the plan first touches them: the live view before any stage.
        pinnedVersion: (r) => {
          const rv = si === 0 ? initialView.get(refKey(r))?.live?.metadata.resourceVersion : undefined;
          if (rv) pinnedObjects.push({ ...r, resourceVersion: rv });
          return rv;
        },
        profile: cluster,
        driver: req.driver,
        recordKind: kind,
        ...(trustAnchorSha256 && trustRoots && trust ? { trust: { sha256: trustAnchorSha256, roots: trustRoots, key: trust.key } } : {}),
      });
      for (const [f, text] of files) valuesFiles.set(f, text);
      for (const t of sp.targets) for (const x of secretsIn(t.values)) secrets.add(x);
      stages.push({ from: sp.stage.from, to: sp.stage.to, summary: sp.stage.summary, steps });
    }

    notes.push(...(await retiredGroupNotes(kube, cluster, stagePlans.map((sp) => sp.stage.to))));

    // 7. The data plane now: the check the first stage makes, said early.
    if (unreadable.length) notes.push(`skipped ${unreadable.length} Helm record(s) that cannot be decoded (not part of this migration): ${unreadable.join(', ')}`);
    if (cluster.dataPlane) {
      const pods = await kube.list('v1', 'Pod');
      const { old, unknown } = dataPlaneProblems(pods, thePack, cluster.dataPlane.versionAnnotation, start);
      if (old.length) notes.push(`${old.length} meshed workload(s) run proxies older than ${start}; restart them before applying (the first stage checks again): ${old.join(', ')}`);
      if (unknown.length) notes.push(`${unknown.length} meshed workload(s) run proxy versions ${thePack.title} cannot place; restart them before applying (the first stage stops on them): ${unknown.join(', ')}`);
    }

    const plan: Plan = {
      apiVersion: PLAN_API_VERSION,
      kind: 'MigrationPlan',
      metadata: { createdAt: (req.now ?? new Date()).toISOString(), tool: req.tool },
      pack: thePack.name,
      from: start,
      to: to.id,
      cluster: { ...kube.identity(), helmDriver: req.driver, helmVersion: await helm.version() },
      pins: { releases: [...tracked.flatMap((t) => (t.pin ? [t.pin] : [])), ...retirements.map((r) => r.release)], objects: pinnedObjects, ...(trustAnchorSha256 ? { trustAnchorSha256 } : {}) },
      preflight: { objects: classified, blocked, notes },
      stages,
      followUps: [...followUps, ...(cluster.followUps ?? []).filter((f) => tracked.some((t) => f.charts.includes(t.chart))).map((f) => f.text)],
    };
    return { plan: seal(plan), valuesFiles, secrets };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
