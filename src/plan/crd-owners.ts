/**
 * CRDs the plan applies itself (a chart's crds/ folder, which Helm never upgrades) may belong to
 * another Helm release, such as a separate CRDs chart the user installed. Applying them leaves
 * that release their owner: uninstalling it later deletes them, and with them every custom
 * resource in the cluster, unless its last deployed manifest keeps them. The plan does not take
 * such a release apart on its own; it stops and says how.
 */
import type { KubeObject } from '../kube/types.js';
import { sameRelease } from './classify.js';
import type { Blocker, ReleaseId } from './types.js';

/** One blocker per foreign release that owns CRDs the plan applies (by name, with the stage that first applies them). */
export function foreignCrdOwners(live: KubeObject[], applied: Map<string, string>, ours: ReleaseId[]): Blocker[] {
  const byOwner = new Map<string, { owner: ReleaseId; stage: string; names: string[] }>();
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
  return [...byOwner.values()].map(({ owner, stage, names }) => ({
    stage,
    object: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: names[0] },
    message: `${names.length} CRD(s) the plan applies belong to Helm release ${owner.namespace}/${owner.name} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); applied over it, that release stays their owner, and uninstalling it would delete them with every resource of their kinds`,
    hint: `move the CRDs out of ${owner.namespace}/${owner.name} first: upgrade it so its manifest keeps them (annotation helm.sh/resource-policy: keep), uninstall it, then plan again`,
  }));
}
