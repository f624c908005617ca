/**
 * Resources of CRD groups the new release no longer serves (a proxy whose new major reads its
 * resources from a renamed API group): listed before anything runs, so the user converts them. The plan never
 * deletes them or their CRDs.
 */
import type { ClusterProfile } from '../core/types.js';
import type { Kube } from '../kube/types.js';

export async function retiredGroupNotes(kube: Kube, profile: ClusterProfile, stagesTo: string[]): Promise<string[]> {
  const retired = (profile.retiredCrdGroups ?? []).filter((g) => stagesTo.includes(g.atRelease));
  if (!retired.length) return [];
  const crds = await kube.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  const notes: string[] = [];
  for (const g of retired) {
    for (const crd of crds) {
      const spec = crd.spec as { group?: string; names?: { kind?: string }; versions?: { name: string; storage?: boolean }[] } | undefined;
      if (spec?.group !== g.group || !spec.names?.kind) continue;
      const version = spec.versions?.find((v) => v.storage)?.name ?? spec.versions?.[0]?.name;
      if (!version) continue;
      const items = await kube.list(`${g.group}/${version}`, spec.names.kind);
      if (!items.length) continue;
      const names = items.map((o) => `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
      notes.push(`${g.atRelease}: ${items.length} ${spec.names.kind}(s) of ${g.group} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): ${g.why}`);
    }
  }
  return notes;
}
