/**
 * Undoing a partly applied plan: releases it upgraded in place go back to the revision it pinned
 * (helm rollback), old release records come back from the backups, re-annotated objects go back
 * to their old release, and the result is checked before success is reported. A release the
 * plan created is not removed here: that is refused, with the commands that do it safely.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import type { Kube, KubeObject } from '../kube/types.js';
import { RELEASE_NAME, RELEASE_NAMESPACE } from './classify.js';
import { verifiedBackup } from './backups.js';
import { Journal } from './journal.js';
import { withLock } from './lock.js';
import { withRetry } from '../core/retry.js';
import type { Helm } from '../helm/cli.js';
import { deployedRevision, listRecords } from '../helm/release.js';
import type { PinnedRelease, Plan, ReleaseId } from './types.js';

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

export interface RollbackDeps {
  kube: Kube;
  helm: Helm;
  progress(line: string): void;
}

export interface RollbackResult {
  restored: string[];
  reverted: number;
  /** Releases upgraded in place by the plan, rolled back to their pinned revision. */
  rolledBack: string[];
}

const same = (a: ReleaseId, b: ReleaseId) => a.name === b.name && a.namespace === b.namespace;

export async function rollbackPlan(plan: Plan, sidecar: string, deps: RollbackDeps): Promise<RollbackResult> {
  return withLock(sidecar, 'rollback', () => rollbackLocked(plan, sidecar, deps));
}

async function rollbackLocked(plan: Plan, sidecar: string, deps: RollbackDeps): Promise<RollbackResult> {
  const journal = new Journal(sidecar);
  const steps = plan.stages.flatMap((s) => s.steps);
  const driver = plan.cluster.helmDriver;
  // A release the plan created is "in place" once helm wrote any record of it; an install that
  // failed before that (or never started) leaves nothing to undo. Refused before anything changes,
  // with the commands that remove only its records: `helm uninstall` would delete the objects it
  // took over from the old release.
  const created = new Map<string, ReleaseId>();
  const upgraded = new Map<string, PinnedRelease>();
  for (const s of steps) {
    if (s.type !== 'helm-upgrade-install' || !journal.wasStarted(s.id)) continue;
    const pin = plan.pins.releases.find((p) => same(p, s.release));
    if (pin) {
      upgraded.set(`${pin.namespace}/${pin.name}`, pin);
      continue;
    }
    const records = await listRecords(deps.kube, driver, s.release);
    if (records.length) created.set(`${s.release.namespace}/${s.release.name}`, s.release);
  }
  if (created.size) {
    const kind = driver === 'configmap' ? 'configmap' : 'secret';
    const cmds = [...created.values()].map((r) => `kubectl -n ${r.namespace} delete ${kind} -l owner=helm,name=${r.name}`);
    throw new HelmMigrateError(
      'rollback-impossible',
      `the plan already installed ${[...created.keys()].join(', ')}; to go back, first remove only their Helm records (their objects stay; never helm uninstall them, that deletes what they took over): ${cmds.join(' && ')}; then run helm-migrate rollback again. Nothing was changed.`,
    );
  }
  if (journal.isEmpty()) {
    deps.progress('nothing was applied from this plan: nothing to roll back');
    return { restored: [], reverted: 0, rolledBack: [] };
  }
  // Releases upgraded in place: back to the revision the plan pinned.
  const rolledBack: string[] = [];
  for (const pin of upgraded.values()) {
    const cur = await deployedRevision(deps.kube, driver, pin);
    if (cur && cur.revision === pin.revision) continue;
    await deps.helm.run(['rollback', pin.name, String(pin.revision), '-n', pin.namespace]);
    rolledBack.push(`${pin.namespace}/${pin.name}`);
    deps.progress(`rolled ${pin.namespace}/${pin.name} back to revision ${pin.revision} (${pin.chart} ${pin.chartVersion})`);
  }
  const restored: string[] = [];
  for (const step of steps) {
    if (step.type !== 'backup-release' || !journal.isDone(step.id)) continue;
    // Only files the backup step wrote and checked, still matching their digests.
    for (const b of verifiedBackup(plan, step.release, sidecar, journal, step.id)) {
      const saved = readBackup(join(sidecar, step.dir, `${b.name}.json`));
      const ref = { apiVersion: 'v1', kind: saved.kind, namespace: saved.metadata.namespace, name: saved.metadata.name };
      if (await deps.kube.get(ref)) continue;
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
      const live = await deps.kube.get(o);
      if (!live) continue;
      const a = live.metadata.annotations ?? {};
      if (a[RELEASE_NAME] === step.from.name && a[RELEASE_NAMESPACE] === step.from.namespace) continue;
      await withRetry(() => deps.kube.mergePatch(o, { metadata: { annotations: { [RELEASE_NAME]: step.from.name, [RELEASE_NAMESPACE]: step.from.namespace } } }));
      reverted++;
    }
    deps.progress(`handed ${step.objects.length} object(s) back to ${step.from.namespace}/${step.from.name}`);
  }
  await assertRestored(plan, deps);
  journal.record({ event: 'rolled-back', at: new Date().toISOString() });
  return { restored, reverted, rolledBack };
}

/** Success only when every release the plan pinned is deployed again on the chart version it had. */
async function assertRestored(plan: Plan, deps: RollbackDeps): Promise<void> {
  const wrong: string[] = [];
  for (const pin of plan.pins.releases) {
    const cur = await deployedRevision(deps.kube, plan.cluster.helmDriver, pin);
    if (!cur) wrong.push(`${pin.namespace}/${pin.name} has no deployed revision`);
    else if (cur.chart.version !== pin.chartVersion) wrong.push(`${pin.namespace}/${pin.name} runs ${cur.chart.name} ${cur.chart.version}, not ${pin.chart} ${pin.chartVersion}`);
  }
  if (wrong.length) throw new HelmMigrateError('rollback-impossible', `rollback did not restore the start: ${wrong.join('; ')}`);
}
