/**
 * Whether meshed workloads may stay as they are for a stage: every proxy at most one release
 * behind the stage's minimum. A proxy version the pack cannot place (an older release than it
 * knows, an edge build between its releases, a patch it has not seen) is not assumed fine: it
 * is named, so the user restarts the workload or confirms it by hand.
 */
import type { Pack } from '../core/types.js';
import { releaseIndex, resolveRelease } from '../core/versions.js';
import type { KubeObject } from '../kube/types.js';

export interface DataPlaneProblems {
  /** `namespace/workload (version)` of proxies older than the minimum. */
  old: string[];
  /** `namespace/workload (version)` of proxies whose version the pack cannot place. */
  unknown: string[];
}

export function dataPlaneProblems(pods: KubeObject[], pack: Pack, annotation: string, minimum: string): DataPlaneProblems {
  const min = releaseIndex(pack, minimum);
  const old = new Set<string>();
  const unknown = new Set<string>();
  for (const p of pods) {
    const v = p.metadata.annotations?.[annotation];
    if (!v) continue;
    const where = `${p.metadata.namespace}/${workloadOf(p)} (${v})`;
    let idx: number;
    try {
      idx = releaseIndex(pack, resolveRelease(pack, v).id);
    } catch {
      unknown.add(where);
      continue;
    }
    if (idx < min) old.add(where);
  }
  return { old: [...old].sort(), unknown: [...unknown].sort() };
}

/** The workload a pod belongs to: its controller, minus a ReplicaSet's hash. */
function workloadOf(pod: KubeObject): string {
  const owner = (pod.metadata.ownerReferences as { kind: string; name: string }[] | undefined)?.[0];
  if (!owner) return `pod/${pod.metadata.name}`;
  if (owner.kind === 'ReplicaSet') return `deployment/${owner.name.replace(/-[a-z0-9]{5,10}$/, '')}`;
  return `${owner.kind.toLowerCase()}/${owner.name}`;
}
