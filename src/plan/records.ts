/**
 * Removing Helm release records (never the objects they describe): each one is first saved
 * beside the plan, then deleted only if it is still the record that was saved
 * (resourceVersion precondition). Used to clear a pending record a killed helm left, and by
 * rollback to take away a release the plan installed without `helm uninstall`, which would
 * delete every object the release took over.
 */
import { join } from 'node:path';
import { withRetry } from '../core/retry.js';
import { recordKind, type HelmRelease, type StorageDriver } from '../helm/release.js';
import { writeFilesAtomic } from '../io/files.js';
import type { Kube } from '../kube/types.js';
import { ensurePrivateDir } from './plan-file.js';

/** Saves then deletes the given records; returns the names deleted. */
export async function removeRecords(kube: Kube, driver: StorageDriver, records: HelmRelease[], dir: string): Promise<string[]> {
  const kind = recordKind(driver);
  ensurePrivateDir(dir);
  const removed: string[] = [];
  for (const r of records) {
    const ref = { ...kind, namespace: r.record.namespace, name: r.record.name };
    const live = await kube.get(ref);
    if (!live) continue;
    writeFilesAtomic([{ path: join(dir, `${r.record.name}.json`), content: `${JSON.stringify(live, null, 2)}\n`, mode: 0o600 }]);
    if (await withRetry(() => kube.delete(ref, live.metadata.resourceVersion))) removed.push(r.record.name);
  }
  return removed;
}
