/**
 * CRDs the plan applies itself (a chart's crds/ folder, which Helm never upgrades) may belong to
 * another Helm release, such as a separate CRDs chart the user installed. Applied over, that
 * release stays their owner: uninstalling it later deletes them, and with them every custom
 * resource in the cluster, unless its last deployed manifest keeps them.
 *
 * A release of a chart the pack retires (CRDs only, and only once the plan goes far enough) is
 * taken apart inside the plan: records backed up then deleted, so no uninstall can reach the
 * CRDs, then the CRDs freed of its ownership and applied like the rest. Any other owner stops the
 * plan, with how to move the CRDs out by hand.
 */
import type { ClusterProfile } from '../core/types.js';
import type { KubeObject, ObjectRef } from '../kube/types.js';
import { refOf } from '../kube/types.js';
import { sameRelease } from './classify.js';
import { pinOf, type LiveRelease } from './select-releases.js';
import type { Blocker, PinnedRelease, ReleaseId } from './types.js';

export interface CrdOwner {
  owner: ReleaseId;
  /** The first stage that applies one of its CRDs. */
  stage: string;
  names: string[];
}

/** Each release other than `ours` that owns CRDs the plan applies (`applied`: CRD name → first stage). */
export function foreignCrdOwners(live: KubeObject[], applied: Map<string, string>, ours: ReleaseId[]): CrdOwner[] {
  const byOwner = new Map<string, CrdOwner>();
  for (const crd of live) {
    const stage = applied.get(crd.metadata.name);
    const a = crd.metadata.annotations ?? {};
    const name = a['meta.helm.sh/release-name'];
    if (!stage || !name) continue;
    const owner = { name, namespace: a['meta.helm.sh/release-namespace'] ?? '' };
    if (ours.some((r) => sameRelease(r, owner))) continue;
    const key = `${owner.namespace}/${owner.name}`;
    const entry = byOwner.get(key) ?? { owner, stage, names: [] };
    entry.names.push(crd.metadata.name);
    byOwner.set(key, entry);
  }
  return [...byOwner.values()];
}

/** A release the plan retires: its records go, the CRDs of its manifest stay, without its ownership. */
export interface Retirement {
  stage: string;
  release: PinnedRelease;
  /** Every CRD of its last manifest that exists, pinned at the resourceVersion read now. */
  crds: (ObjectRef & { resourceVersion: string })[];
  /** CRDs it keeps that no chart of the plan applies: left as they are, unmanaged. */
  unmanaged: string[];
  why: string;
}

/**
 * Retire `entry`'s release or block the plan. `live` is that release (absent when no record of it
 * could be read), `objectsOf` parses a stored manifest, `goesTo` says whether the plan reaches a
 * release.
 */
export function retireOrBlock(
  entry: CrdOwner,
  live: LiveRelease | undefined,
  ctx: { profile: ClusterProfile; liveCrds: KubeObject[]; applied: Map<string, string>; objectsOf(manifest: string): KubeObject[]; goesTo(release: string): boolean },
): Retirement | Blocker {
  const { owner, stage, names } = entry;
  const which = `${names.length} CRD(s) the plan applies belong to Helm release ${owner.namespace}/${owner.name} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
  const block = (why: string, hint: string): Blocker => ({
    stage,
    object: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: names[0] },
    message: `${which}; ${why}`,
    hint,
  });
  const byHand = `move the CRDs out of ${owner.namespace}/${owner.name} first: upgrade it so its manifest keeps them (annotation helm.sh/resource-policy: keep), uninstall it, then plan again`;
  const danger = 'applied over it, that release stays their owner, and uninstalling it would delete them with every resource of their kinds';
  const rule = ctx.profile.retiredCrdCharts;
  if (!live || !rule?.charts.includes(live.current.chart.name)) return block(danger, byHand);
  const release = live.current;
  if (!ctx.goesTo(rule.fromRelease)) {
    return block(`${danger}; helm-migrate retires ${release.chart.name} releases only on the way to ${rule.fromRelease} or later`, `plan to ${rule.fromRelease} or later, or ${byHand}`);
  }
  const objects = ctx.objectsOf(release.manifest);
  const other = objects.filter((o) => o.kind !== 'CustomResourceDefinition');
  if (other.length) {
    return block(`${danger}; it also holds ${other.length} object(s) other than CRDs (${other.slice(0, 2).map((o) => `${o.kind} ${o.metadata.name}`).join(', ')}), so its records cannot simply go`, byHand);
  }
  const crds: Retirement['crds'] = [];
  const unmanaged: string[] = [];
  for (const o of objects) {
    const live = ctx.liveCrds.find((c) => c.metadata.name === o.metadata.name);
    if (!live) continue;
    crds.push({ ...refOf(live), resourceVersion: live.metadata.resourceVersion ?? '' });
    if (!ctx.applied.has(o.metadata.name)) unmanaged.push(o.metadata.name);
  }
  return { stage, release: pinOf(live), crds, unmanaged, why: rule.why };
}

export const isRetirement = (x: Retirement | Blocker): x is Retirement => 'crds' in x;
