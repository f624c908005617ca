/** What a CRD says of its versions: those it lists, its storage version, and those it once stored as. */
import type { KubeObject } from '../kube/types.js';

export interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
}

export const crdVersions = (crd: KubeObject | undefined): CrdVersion[] => (crd?.spec as { versions?: CrdVersion[] } | undefined)?.versions ?? [];
export const crdStorageVersion = (crd: KubeObject | undefined): string | undefined => crdVersions(crd).find((v) => v.storage)?.name;
/** status.storedVersions: every version objects were ever stored as. */
export const crdStoredVersions = (crd: KubeObject | undefined): string[] => (crd?.status as { storedVersions?: string[] } | undefined)?.storedVersions ?? [];
