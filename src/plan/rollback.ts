/**
 * Undoing a partly applied plan, while the new releases are not yet in place: put back the old
 * release records from the backups, and hand the re-annotated objects back to their old release.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import type { Kube, KubeObject } from '../kube/types.js';
import { RELEASE_NAME, RELEASE_NAMESPACE } from './classify.js';
import { Journal } from './journal.js';
import { withRetry } from './retry.js';
import { listRecords } from '../helm/release.js';
import type { Plan, Step } from './types.js';

/** A saved record, or a one-line error naming the file: a torn backup is never half-restored. */
function readBackup(file: string): KubeObject {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as KubeObject;
    if (!o?.kind || !o.metadata?.name) throw new Error('not a Kubernetes object');
    return o;
  } catch (err) {
    throw new HelmMigrateError('backup-corrupt', `backup ${file} cannot be read (${(err as Error).message.split('\n')[0]}); nothing was restored from it`, { cause: err });
  }
}

export async function rollbackPlan(plan: Plan, sidecar: string, deps: { kube: Kube; progress(line: string): void }): Promise<{ restored: string[]; reverted: number }> {
  const journal = new Journal(sidecar);
  const steps = plan.stages.flatMap((s) => s.steps);
  // A new release is "in place" once helm wrote any record of it; an install that failed before
  // that (or never started) leaves nothing to undo with helm.
  const installed: Step[] = [];
  for (const s of steps) {
    if (s.type !== 'helm-upgrade-install' || !journal.wasStarted(s.id)) continue;
    const records = await withRetry(() => listRecords(deps.kube, plan.cluster.helmDriver, s.release));
    if (records.length && !plan.pins.releases.some((p) => p.name === s.release.name && p.namespace === s.release.namespace)) installed.push(s);
  }
  if (installed.length) {
    throw new HelmMigrateError(
      'rollback-impossible',
      `the new releases are already being installed (${installed.map((s) => s.id).join(', ')}); use helm rollback or helm uninstall on them instead. Nothing was changed.`,
    );
  }
  if (journal.isEmpty()) {
    deps.progress('nothing was applied from this plan: nothing to roll back');
    return { restored: [], reverted: 0 };
  }
  const restored: string[] = [];
  for (const step of steps) {
    if (step.type !== 'backup-release' || !journal.isDone(step.id)) continue;
    const dir = join(sidecar, step.dir);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
      const saved = readBackup(join(dir, f));
      const ref = { apiVersion: 'v1', kind: saved.kind, namespace: saved.metadata.namespace, name: saved.metadata.name };
      if (await withRetry(() => deps.kube.get(ref))) continue;
      const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, managedFields: _mf, ...metadata } = saved.metadata as Record<string, unknown>;
      await withRetry(() => deps.kube.create({ ...saved, metadata: metadata as KubeObject['metadata'] }));
      restored.push(`${ref.namespace}/${ref.name}`);
      deps.progress(`restored ${saved.kind} ${ref.namespace}/${ref.name}`);
    }
  }
  let reverted = 0;
  for (const step of [...steps].reverse()) {
    if (step.type !== 'annotate' || !journal.wasStarted(step.id)) continue;
    for (const o of step.objects) {
      const live = await withRetry(() => deps.kube.get(o));
      if (!live) continue;
      const a = live.metadata.annotations ?? {};
      if (a[RELEASE_NAME] === step.from.name && a[RELEASE_NAMESPACE] === step.from.namespace) continue;
      await withRetry(() => deps.kube.mergePatch(o, { metadata: { annotations: { [RELEASE_NAME]: step.from.name, [RELEASE_NAMESPACE]: step.from.namespace } } }));
      reverted++;
    }
    deps.progress(`handed ${step.objects.length} object(s) back to ${step.from.namespace}/${step.from.name}`);
  }
  journal.record({ event: 'rolled-back', at: new Date().toISOString() });
  return { restored, reverted };
}
