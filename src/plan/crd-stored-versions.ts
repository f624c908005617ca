/**
 * Rolling a release back to CRDs older than the ones it has now. A CRD remembers every version
 * it ever stored objects as (status.storedVersions), and the API server refuses a definition
 * that no longer lists one of them: helm rollback would fail part-way. Where no object of the
 * CRD exists, nothing is persisted at the newer version, and the CRD can be readied for its old
 * definition the way an operator would: storage switched back to the old storage version, then
 * the newer version dropped from storedVersions. Where objects exist, that would need a storage
 * migration of the user's data, which rollback does not do: it refuses, before any change.
 */
import { HelmMigrateError } from '../core/errors.js';
import { withRetry } from '../core/retry.js';
import { releaseHistory, type StorageDriver } from '../helm/release.js';
import { refOf, type Kube, type KubeObject } from '../kube/types.js';
import { parseManifests } from '../values/manifests.js';
import { crdStorageVersion, crdStoredVersions, crdVersions } from './crd-versions.js';
import type { PinnedRelease } from './types.js';

/** A CRD a pinned release's old definition cannot be put back over as it is. */
export interface CrdGoingBack {
  pin: PinnedRelease;
  name: string;
  /** Stored versions the old definition does not list. */
  lost: string[];
  /** The old definition's storage version. */
  oldStorage: string | undefined;
  objects: number;
}

/** Every CRD in the pinned revisions' manifests that stored a version its old definition lacks. */
export async function crdsGoingBack(pins: Iterable<PinnedRelease>, kube: Kube, driver: StorageDriver): Promise<CrdGoingBack[]> {
  const out: CrdGoingBack[] = [];
  for (const pin of pins) {
    const pinned = (await releaseHistory(kube, driver, pin)).find((r) => r.revision === pin.revision);
    for (const old of parseManifests(pinned?.manifest ?? '').filter((o) => o.kind === 'CustomResourceDefinition')) {
      const live = await kube.get(refOf(old));
      const listed = new Set(crdVersions(old).map((v) => v.name));
      const lost = crdStoredVersions(live).filter((v) => !listed.has(v));
      if (!live || !lost.length) continue;
      const spec = live.spec as { group: string; names: { kind: string } };
      const served = crdVersions(live).find((v) => v.served)?.name;
      const objects = served ? (await kube.list(`${spec.group}/${served}`, spec.names.kind)).length : 0;
      out.push({ pin, name: old.metadata.name, lost, oldStorage: crdStorageVersion(old), objects });
    }
  }
  return out;
}

/** Refuses, naming each CRD and the remedy, when a CRD that must go back holds objects (or cannot switch storage). */
export function assertCrdsCanGoBack(going: CrdGoingBack[]): void {
  const stuck = going.filter((g) => g.objects > 0 || !g.oldStorage);
  if (!stuck.length) return;
  const what = stuck.map((g) => `${g.pin.namespace}/${g.pin.name} cannot go back to ${g.pin.chart} ${g.pin.chartVersion}: CRD ${g.name} has stored ${g.lost.join(', ')}, which that chart's CRD does not serve${g.objects ? `, and holds ${g.objects} object(s)` : ''}`);
  throw new HelmMigrateError(
    'rollback-impossible',
    `${what.join('; ')}. Nothing was changed. To go back, rewrite every object of those CRDs at a version the old CRD serves and remove the newer one from status.storedVersions (a storage migration), then roll back again; or stay on the new version`,
  );
}

/**
 * Readies an empty CRD for its old definition: storage back to the old storage version (which
 * the new definition still lists), then the newer versions out of storedVersions (allowed now,
 * as no object is stored at them). Each write is conditional on what was just read.
 */
export async function readyCrdForOldDefinition(g: CrdGoingBack, kube: Kube): Promise<void> {
  const ref = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: g.name };
  await withRetry(async () => {
    const live = (await kube.get(ref))!;
    const versions = crdVersions(live);
    if (!versions.some((v) => v.name === g.oldStorage)) {
      throw new HelmMigrateError('rollback-impossible', `CRD ${g.name} no longer lists ${g.oldStorage}, the storage version of its old definition; nothing more was changed`);
    }
    if (crdStorageVersion(live) === g.oldStorage) return;
    const spec = { ...(live.spec as object), versions: versions.map((v) => ({ ...v, storage: v.name === g.oldStorage, ...(v.name === g.oldStorage ? { served: true } : {}) })) };
    await kube.replace({ ...live, spec });
  });
  await withRetry(async () => {
    const live = (await kube.get(ref))!;
    const keep = crdStoredVersions(live).filter((v) => !g.lost.includes(v));
    if (keep.length === crdStoredVersions(live).length) return;
    await kube.replaceStatus({ ...live, status: { ...(live.status as object), storedVersions: [...new Set([...keep, g.oldStorage!])] } });
  });
}
