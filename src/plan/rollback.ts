/**
 * Undoing a partly or fully applied plan, in the reverse order of apply:
 * 1. releases the plan installed lose their records, never their objects (a copy of each record
 *    is kept in plan.yaml.d/rollback/): `helm uninstall` would delete everything they took over;
 * 2. releases it upgraded in place go back to the revision it pinned (helm rollback);
 * 3. old release records come back from the verified backups, and re-annotated or disowned
 *    objects go back to their old release;
 * 4. when a new release had been installed over those objects, what it alone created goes
 *    (never a CRD or a Namespace: they hold user data), and the old release is rolled back to
 *    its pinned revision, which applies its old manifest again;
 * and the result is checked before success is reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { HelmMigrateError } from '../core/errors.js';
import { refKey, refOf, type Kube, type KubeObject } from '../kube/types.js';
import { parseManifests } from '../values/manifests.js';
import { withNamespace } from './target-renderer.js';
import { MANAGED_BY, RELEASE_NAME, RELEASE_NAMESPACE, sameRelease } from './classify.js';
import { verifiedBackup } from './backups.js';
import { Journal } from './journal.js';
import { helmStillRunning } from './helm-step.js';
import { withLock } from './lock.js';
import { removeRecords } from './records.js';
import { assertCrdsCanGoBack, crdsGoingBack, readyCrdForOldDefinition } from './crd-stored-versions.js';
import { withRetry } from '../core/retry.js';
import type { Helm } from '../helm/cli.js';
import { deployedRevision, releaseHistory, type HelmRelease } from '../helm/release.js';
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

export async function rollbackPlan(plan: Plan, sidecar: string, deps: RollbackDeps): Promise<RollbackResult> {
  return withLock(sidecar, 'rollback', () => rollbackLocked(plan, sidecar, deps));
}

async function rollbackLocked(plan: Plan, sidecar: string, deps: RollbackDeps): Promise<RollbackResult> {
  const journal = new Journal(sidecar);
  const steps = plan.stages.flatMap((s) => s.steps);
  const driver = plan.cluster.helmDriver;
  // A release the plan created exists once helm wrote any record of it; an install that failed
  // before that (or never started) leaves nothing to undo. A helm still running (an apply killed
  // without its process group) must finish first.
  const created = new Map<string, { release: ReleaseId; records: HelmRelease[] }>();
  const upgraded = new Map<string, PinnedRelease>();
  for (const s of steps) {
    if (s.type !== 'helm-upgrade-install' || !journal.wasStarted(s.id)) continue;
    const running = helmStillRunning(journal, s.id);
    if (running) throw new HelmMigrateError('rollback-impossible', `the helm started by apply (pid ${running.pid}) is still working on ${s.release.namespace}/${s.release.name}; wait for it to exit, then roll back. Nothing was changed.`);
    const pin = plan.pins.releases.find((p) => sameRelease(p, s.release));
    if (pin) {
      upgraded.set(`${pin.namespace}/${pin.name}`, pin);
      continue;
    }
    const records = await releaseHistory(deps.kube, driver, s.release);
    if (records.length) created.set(`${s.release.namespace}/${s.release.name}`, { release: s.release, records });
  }
  if (journal.isEmpty()) {
    deps.progress('nothing was applied from this plan: nothing to roll back');
    return { restored: [], reverted: 0, rolledBack: [] };
  }
  // CRDs the old definitions cannot be put back over: refused now if they hold objects, else
  // readied just before helm rolls their release back.
  const crdsBack = await crdsGoingBack(plan.pins.releases, deps.kube, driver);
  assertCrdsCanGoBack(crdsBack);
  for (const [id, c] of created) {
    await removeRecords(deps.kube, driver, c.records, join(sidecar, 'rollback', `${c.release.namespace}.${c.release.name}`));
    deps.progress(`removed the records of ${id} (installed by the plan); its objects stay`);
  }
  const restored: string[] = [];
  const restoredReleases: PinnedRelease[] = [];
  for (const step of steps) {
    if (step.type !== 'backup-release' || !journal.isDone(step.id)) continue;
    restoredReleases.push(step.release);
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
  // Objects handed over or disowned go back to the release that had them (its records are back).
  for (const step of [...steps].reverse()) {
    if ((step.type !== 'annotate' && step.type !== 'disown') || !journal.wasStarted(step.id)) continue;
    for (const o of step.objects) {
      const live = await deps.kube.get(o);
      if (!live) continue;
      const a = live.metadata.annotations ?? {};
      if (a[RELEASE_NAME] === step.from.name && a[RELEASE_NAMESPACE] === step.from.namespace && live.metadata.labels?.[MANAGED_BY] === 'Helm') continue;
      await withRetry(() =>
        deps.kube.mergePatch(o, { metadata: { annotations: { [RELEASE_NAME]: step.from.name, [RELEASE_NAMESPACE]: step.from.namespace }, labels: { [MANAGED_BY]: 'Helm' } } }),
      );
      reverted++;
    }
    deps.progress(`handed ${step.objects.length} object(s) back to ${step.from.namespace}/${step.from.name}`);
  }
  if (created.size) await deleteNewOnly(plan, [...created.values()].map((c) => c.release), deps);
  // Back to the pinned revision: releases upgraded in place, and restored releases a new release
  // was installed over (helm rollback applies their old manifest again). A pending record a
  // killed helm left goes first: helm rollback refuses while one exists.
  const targets = new Map(upgraded);
  const reapply = new Set<string>();
  if (created.size) {
    for (const r of restoredReleases) {
      const key = `${r.namespace}/${r.name}`;
      targets.set(key, plan.pins.releases.find((p) => sameRelease(p, r)) ?? r);
      reapply.add(key);
    }
  }
  const rolledBack: string[] = [];
  for (const [key, pin] of targets) {
    const revisions = await releaseHistory(deps.kube, driver, pin);
    if (!reapply.has(key) && isAtPin(revisions, pin)) continue;
    await clearUnfinished(revisions, pin, join(sidecar, 'rollback', `${pin.namespace}.${pin.name}`), deps);
    for (const g of crdsBack.filter((x) => sameRelease(x.pin, pin))) {
      await readyCrdForOldDefinition(g, deps.kube);
      deps.progress(`CRD ${g.name}: storage back to ${g.oldStorage} and ${g.lost.join(', ')} out of its stored versions (no object was stored), so its ${pin.chart} ${pin.chartVersion} definition can be put back`);
    }
    await deps.helm.run(['rollback', pin.name, String(pin.revision), '-n', pin.namespace]);
    rolledBack.push(key);
    deps.progress(`rolled ${key} back to revision ${pin.revision} (${pin.chart} ${pin.chartVersion})${reapply.has(key) ? ', applying its old manifest again' : ''}`);
  }
  await assertRestored(plan, deps);
  journal.record({ event: 'rolled-back', at: new Date().toISOString() });
  return { restored, reverted, rolledBack };
}

/**
 * Whether a release upgraded in place is where its pin left it: its newest revision, of any
 * status, is the pinned one, or a deployed copy of it (an earlier rollback). A failed or pending
 * upgrade leaves the pinned revision deployed beneath a newer one and objects already changed,
 * so the deployed revision alone cannot tell.
 */
function isAtPin(revisions: HelmRelease[], pin: PinnedRelease): boolean {
  const [newest] = revisions;
  if (!newest || newest.revision === pin.revision) return true;
  const pinned = revisions.find((r) => r.revision === pin.revision);
  return newest.status === 'deployed' && newest.chart.version === pin.chartVersion && pinned !== undefined && isDeepStrictEqual(newest.config, pinned.config);
}

/**
 * A helm upgrade that failed or was killed part-way leaves a failed or pending revision above
 * the pin, over objects it had already created or changed. helm rollback refuses a pending one,
 * and rolling back from a failed one fails wherever an object the pinned revision has is still
 * in the cluster but not in the unfinished manifest ("no PodSecurityPolicy with the name … found":
 * helm deletes what a new chart drops only once its upgrade succeeds). So what only the
 * unfinished revisions have goes, their records are saved and removed, and helm rolls back from
 * the newest finished revision, which applies the pinned manifest over what they changed.
 */
async function clearUnfinished(revisions: HelmRelease[], pin: PinnedRelease, dir: string, deps: RollbackDeps): Promise<void> {
  const unfinished: HelmRelease[] = [];
  for (const r of revisions) {
    if (r.revision <= pin.revision || !(r.status === 'failed' || r.status.startsWith('pending-'))) break;
    unfinished.push(r);
  }
  if (!unfinished.length) return;
  const base = revisions[unfinished.length];
  const keep = new Set([base, revisions.find((r) => r.revision === pin.revision)].flatMap((r) => (r ? parseManifests(r.manifest) : [])).map((o) => refKey(refOf(withNamespace(o, pin.namespace)))));
  const only = new Map(unfinished.flatMap((r) => parseManifests(r.manifest)).map((o) => withNamespace(o, pin.namespace)).map((o) => [refKey(refOf(o)), o] as const));
  for (const [k, o] of only) {
    if (keep.has(k)) continue;
    const live = await deps.kube.get(refOf(o));
    const a = live?.metadata.annotations ?? {};
    if (!live || a[RELEASE_NAME] !== pin.name || a[RELEASE_NAMESPACE] !== pin.namespace) continue;
    if (o.kind === 'CustomResourceDefinition' || o.kind === 'Namespace') {
      deps.progress(`kept ${o.kind} ${o.metadata.name}, which the unfinished upgrade of ${pin.namespace}/${pin.name} created: it may hold data`);
      continue;
    }
    await withRetry(() => deps.kube.delete(refOf(o), live.metadata.resourceVersion));
    deps.progress(`deleted ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}, which only the unfinished upgrade of ${pin.namespace}/${pin.name} had created`);
  }
  await removeRecords(deps.kube, unfinished[0].driver, unfinished, dir);
  for (const r of unfinished) deps.progress(`removed the ${r.status} record of ${pin.namespace}/${pin.name} (revision ${r.revision}, ${r.chart.name} ${r.chart.version}); a copy is in ${dir}`);
}

/**
 * What a release the plan installed alone created (absent when the plan was made, still
 * annotated for it) goes, except CRDs and Namespaces, which hold user data.
 */
async function deleteNewOnly(plan: Plan, createdReleases: ReleaseId[], deps: RollbackDeps): Promise<void> {
  for (const o of plan.preflight.objects) {
    if (o.class !== 'absent' || !o.target || !createdReleases.some((r) => sameRelease(r, o.target))) continue;
    if (o.kind === 'CustomResourceDefinition' || o.kind === 'Namespace') continue;
    const live = await deps.kube.get(o);
    const a = live?.metadata.annotations ?? {};
    if (!live || a[RELEASE_NAME] !== o.target.name || a[RELEASE_NAMESPACE] !== o.target.namespace) continue;
    await withRetry(() => deps.kube.delete(o, live.metadata.resourceVersion));
    deps.progress(`deleted ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}, which only the new release had`);
  }
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
