/**
 * Applying a saved plan: check it is not stale, then run the steps in order, journaling each one
 * so an interrupted apply resumes where it stopped. API calls that are safe to repeat are retried
 * on conflicts and server errors; anything else stops cleanly with how to resume or roll back.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import type { Pack } from '../core/types.js';
import type { Helm } from '../helm/cli.js';
import { currentRevision, decodeRecord, deployedRevision, listRecords, recordKind } from '../helm/release.js';
import { refOf, type Kube, type KubeObject, type ObjectRef } from '../kube/types.js';
import { writeFilesAtomic } from '../io/files.js';
import { parseCrds } from '../values/manifests.js';
import { MANAGED_BY, RELEASE_NAME, RELEASE_NAMESPACE, sameRelease } from './classify.js';
import { dataPlaneProblems } from './data-plane.js';
import { verifiedBackup, type BackedUp } from './backups.js';
import { sha256 } from './digest.js';
import { Journal } from './journal.js';
import { runHelmStep } from './helm-step.js';
import { withLock } from './lock.js';
import { assertSameCluster } from './same-cluster.js';
import { ensurePrivateDir } from './plan-file.js';
import { withRetry } from '../core/retry.js';
import { fingerprint, readTrustAnchor } from './trust-anchor.js';
import type { AnnotateStep, ApplyCrdsStep, BackupStep, DataPlaneStep, DeleteRecordsStep, DisownStep, Plan, PostCheckStep, ReleaseId, Step } from './types.js';

export interface ApplyDeps {
  kube: Kube;
  helm: Helm;
  pack: Pack;
  progress(line: string): void;
  /** Tests stop an apply after a given step to prove resume; never set in normal use. */
  stopAfter?: string;
}

export interface ApplyResult {
  ran: string[];
  skipped: string[];
}

/** The plan was made for this cluster, and nothing it pinned has changed since (before any step ran). */
export async function assertFresh(plan: Plan, kube: Kube, helm: Helm, journal: Journal): Promise<void> {
  await assertSameCluster(plan, kube, helm);
  // Resuming: objects the plan annotated changed by its own hand, and releases it deleted or
  // upgraded, too; every other pinned release must still be as planned.
  const steps = plan.stages.flatMap((s) => s.steps);
  const touched = (r: { name: string; namespace: string }) =>
    steps.some((s) => (s.type === 'delete-release-records' || s.type === 'helm-upgrade-install') && sameRelease(s.release, r) && journal.wasStarted(s.id));
  for (const r of plan.pins.releases) {
    if (touched(r)) continue;
    const now = await listRecords(kube, plan.cluster.helmDriver, r);
    const want = r.records.map((x) => `${x.name}@${x.resourceVersion}`).sort().join(',');
    const have = now.map((x) => `${x.metadata.name}@${x.metadata.resourceVersion}`).sort().join(',');
    if (want !== have) {
      const revs = now.map((o) => decodeRecord(o, plan.cluster.helmDriver));
      const cur = currentRevision(revs)?.revision;
      throw new HelmMigrateError('plan-stale', `the plan is stale: release ${r.namespace}/${r.name} changed since it was made (revision ${r.revision} → ${cur ?? 'none'}); make a new plan. Nothing was changed.`);
    }
  }
  if (!journal.isEmpty()) return;
  for (const o of plan.pins.objects) {
    const live = await kube.get(o);
    if (live?.metadata.resourceVersion !== o.resourceVersion) {
      throw new HelmMigrateError('plan-stale', `the plan is stale: ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} changed since it was made; make a new plan. Nothing was changed.`);
    }
  }
}

export async function applyPlan(plan: Plan, sidecar: string, deps: ApplyDeps): Promise<ApplyResult> {
  if (plan.preflight.blocked.length) {
    throw new HelmMigrateError('preflight-blocked', `the plan has ${plan.preflight.blocked.length} blocking problem(s) (see preflight.blocked); fix them and make a new plan`);
  }
  return withLock(sidecar, 'apply', () => applyLocked(plan, sidecar, deps));
}

async function applyLocked(plan: Plan, sidecar: string, deps: ApplyDeps): Promise<ApplyResult> {
  const journal = new Journal(sidecar);
  if (journal.rolledBack()) throw new HelmMigrateError('plan-invalid', 'this plan was rolled back; make a new plan');
  const ran: string[] = [];
  const skipped: string[] = [];
  const steps = plan.stages.flatMap((s) => s.steps);
  const total = steps.length;
  for (const [i, step] of steps.entries()) {
    if (journal.isDone(step.id)) {
      skipped.push(step.id);
      continue;
    }
    deps.progress(`[${i + 1}/${total}] ${step.id}: ${step.description}`);
    journal.record({ event: 'started', step: step.id, at: new Date().toISOString() });
    let detail: Record<string, unknown> | undefined;
    try {
      detail = await runStep(step, plan, sidecar, deps, journal);
    } catch (err) {
      const e = err instanceof HelmMigrateError ? err : new HelmMigrateError('apply-failed', (err as Error).message, { cause: err });
      // The cluster moved under the plan: that stays a stale plan (exit 5), named as such.
      if (e.code === 'plan-stale') throw new HelmMigrateError('plan-stale', `${step.id}: ${e.message}`, { cause: err, details: { step: step.id } });
      const pending = e.code === 'apply-failed' ? e.message : `${step.id} failed: ${e.message}`;
      throw new HelmMigrateError('apply-failed', `${pending}. Fix the cause and run \`helm-migrate apply <plan> --resume\`, or undo with \`helm-migrate rollback <plan>\``, {
        cause: err,
        details: { step: step.id, reason: e.code },
      });
    }
    journal.record({ event: 'done', step: step.id, at: new Date().toISOString(), ...(detail ? { detail } : {}) });
    ran.push(step.id);
    if (deps.stopAfter === step.id && i < total - 1) return { ran, skipped };
  }
  if (!journal.finished()) journal.record({ event: 'applied', at: new Date().toISOString() });
  return { ran, skipped };
}

async function runStep(step: Step, plan: Plan, sidecar: string, deps: ApplyDeps, journal: Journal): Promise<Record<string, unknown> | undefined> {
  switch (step.type) {
    case 'check-data-plane':
      await checkDataPlane(step, deps);
      return undefined;
    case 'backup-release':
      return backup(step, sidecar, deps);
    case 'annotate':
      await annotate(step, deps);
      return undefined;
    case 'delete-release-records':
      return deleteRecords(step, plan, sidecar, deps, journal);
    case 'disown':
      await disown(step, deps);
      return undefined;
    case 'apply-crds':
      return applyCrds(step, sidecar, deps);
    case 'helm-upgrade-install':
      return runHelmStep(step, plan, sidecar, deps, journal);
    case 'post-check':
      await postCheck(step, plan, deps);
      return undefined;
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

async function checkDataPlane(step: DataPlaneStep, deps: ApplyDeps): Promise<void> {
  const pods = await deps.kube.list('v1', 'Pod');
  const dp = deps.pack.cluster?.dataPlane;
  if (!dp) throw new HelmMigrateError('plan-invalid', `pack ${deps.pack.name} has no data plane to check`);
  const { old, unknown } = dataPlaneProblems(pods, deps.pack, dp.versionAnnotation, step.minimum);
  const problems = [
    ...(old.length ? [`the data plane is too old for this stage: restart these workloads first (kubectl rollout restart): ${old.join(', ')}`] : []),
    ...(unknown.length ? [`proxies of a version ${deps.pack.title} ${step.minimum} cannot be checked against: ${unknown.join(', ')}; restart them onto the current release first`] : []),
  ];
  if (problems.length) throw new HelmMigrateError('apply-failed', problems.join('; '));
}

/**
 * Saves every record of the release, then reads each file back and checks it (parsed, the
 * record it should be) before the step counts as done; the journal keeps each file's sha256.
 * A backup that did not finish is redone from scratch: deletes run only after a finished
 * backup, so the records it needs are still there.
 */
async function backup(step: BackupStep, sidecar: string, deps: ApplyDeps): Promise<Record<string, unknown>> {
  const dir = join(sidecar, step.dir);
  rmSync(dir, { recursive: true, force: true });
  const records = await listRecords(deps.kube, step.driver, step.release);
  if (records.length === 0) throw new HelmMigrateError('apply-failed', `release ${step.release.namespace}/${step.release.name} has no records to back up`);
  ensurePrivateDir(dir);
  const files = records.map((r) => ({ path: join(dir, `${r.metadata.name}.json`), content: `${JSON.stringify(r, null, 2)}\n`, mode: 0o600 }));
  writeFilesAtomic(files);
  const saved: BackedUp[] = records.map((r, i) => {
    const text = readFileSync(files[i].path, 'utf8');
    const back = JSON.parse(text) as KubeObject;
    if (text !== files[i].content || back.metadata?.name !== r.metadata.name || !(back as { data?: { release?: string } }).data?.release) {
      throw new HelmMigrateError('apply-failed', `the backup ${files[i].path} does not read back as the record it saved`);
    }
    return { name: r.metadata.name, resourceVersion: r.metadata.resourceVersion ?? '', sha256: sha256(text) };
  });
  return { backup: saved };
}

async function annotate(step: AnnotateStep, deps: ApplyDeps): Promise<void> {
  await setOwner(step.objects, step.target, 'it could be handed over', deps);
}

/**
 * Takes Helm's ownership off objects of a release whose records are gone. An object another
 * release has claimed since the plan was made stays as it is: the plan is stale.
 */
async function disown(step: DisownStep, deps: ApplyDeps): Promise<void> {
  await setOwner(step.objects, null, 'its ownership could be removed', deps, (a, o) => {
    if (a[RELEASE_NAME] && (a[RELEASE_NAME] !== step.from.name || (a[RELEASE_NAMESPACE] ?? '') !== step.from.namespace)) {
      throw new HelmMigrateError('plan-stale', `${o.kind} ${o.name} now belongs to release ${a[RELEASE_NAMESPACE]}/${a[RELEASE_NAME]}, not ${step.from.namespace}/${step.from.name}; left as it is`);
    }
  });
}

/**
 * Gives each object to `owner` (Helm's release annotations and managed-by label), or with null
 * takes them off, patching with the resourceVersion just read; an object already so is left
 * alone, and `check` may refuse one before it changes.
 */
async function setOwner(objects: ObjectRef[], owner: ReleaseId | null, before: string, deps: ApplyDeps, check?: (annotations: Record<string, string>, o: ObjectRef) => void): Promise<void> {
  for (const o of objects) {
    await withRetry(async () => {
      const live = await deps.kube.get(o);
      if (!live) throw new HelmMigrateError('apply-failed', `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} disappeared before ${before}`);
      const a = live.metadata.annotations ?? {};
      const managedBy = owner ? 'Helm' : undefined;
      if (a[RELEASE_NAME] === owner?.name && a[RELEASE_NAMESPACE] === owner?.namespace && live.metadata.labels?.[MANAGED_BY] === managedBy) return;
      check?.(a, o);
      await deps.kube.mergePatch(o, {
        metadata: {
          annotations: { [RELEASE_NAME]: owner?.name ?? null, [RELEASE_NAMESPACE]: owner?.namespace ?? null },
          labels: { [MANAGED_BY]: managedBy ?? null },
          resourceVersion: live.metadata.resourceVersion,
        },
      });
    });
  }
}

/**
 * Deletes exactly the records the verified backup holds, each only if unchanged since
 * (resourceVersion precondition). A record the backup does not hold (a helm upgrade after the
 * backup) stops the step with nothing deleted: it could never be restored.
 */
async function deleteRecords(step: DeleteRecordsStep, plan: Plan, sidecar: string, deps: ApplyDeps, journal: Journal): Promise<undefined> {
  const kind = recordKind(step.driver);
  let saved: BackedUp[];
  try {
    saved = verifiedBackup(plan, step.release, sidecar, journal, step.id);
  } catch (err) {
    throw new HelmMigrateError('apply-failed', `${(err as Error).message}: nothing deleted`, { cause: err });
  }
  await assertStillAbsent(plan, step, deps);
  const records = await listRecords(deps.kube, step.driver, step.release);
  const unknown = records.filter((r) => !saved.some((b) => b.name === r.metadata.name && b.resourceVersion === r.metadata.resourceVersion));
  if (unknown.length) {
    throw new HelmMigrateError('plan-stale', `release ${step.release.namespace}/${step.release.name} changed after its backup (${unknown.map((r) => r.metadata.name).join(', ')}): nothing deleted; roll back and make a new plan`);
  }
  for (const r of records) {
    // Only storage records: the label selector above plus Helm's own record type.
    if (kind.kind === 'Secret' && (r as { type?: string }).type !== 'helm.sh/release.v1') continue;
    await withRetry(() => deps.kube.delete({ apiVersion: 'v1', kind: kind.kind, namespace: step.release.namespace, name: r.metadata.name }, r.metadata.resourceVersion));
  }
  return undefined;
}

/**
 * Objects the stage's installs will create must still be free to create: one made since the plan
 * (by hand, or by another release) would make helm refuse the install after the old release's
 * records are gone. Checked right before that point of no return.
 */
async function assertStillAbsent(plan: Plan, step: DeleteRecordsStep, deps: ApplyDeps): Promise<void> {
  const stage = plan.stages.find((s) => s.steps.includes(step));
  for (const o of plan.preflight.objects) {
    if (o.stage !== stage?.to || o.class !== 'absent') continue;
    const live = await deps.kube.get(o);
    if (!live) continue;
    const a = live.metadata.annotations ?? {};
    if (o.target && a[RELEASE_NAME] === o.target.name && a[RELEASE_NAMESPACE] === o.target.namespace) continue;
    const owner = a[RELEASE_NAME] ? `owned by release ${a[RELEASE_NAMESPACE]}/${a[RELEASE_NAME]}` : 'without Helm metadata';
    throw new HelmMigrateError('plan-stale', `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} was created since the plan was made (${owner}); helm would refuse to install over it: nothing deleted; remove it or roll back, and make a new plan`);
  }
}

/** Each CRD of the saved manifest (sealed with the plan), put in place whole; repeating it is harmless. */
async function applyCrds(step: ApplyCrdsStep, sidecar: string, deps: ApplyDeps): Promise<Record<string, unknown>> {
  const crds = parseCrds(readFileSync(join(sidecar, step.manifest.file), 'utf8'));
  for (const crd of crds) await withRetry(() => putCrd(crd, deps.kube));
  return { applied: crds.map((c) => c.metadata.name) };
}

/**
 * A CRD becomes the chart's definition whole. A server-side apply would merge it with the fields
 * other managers own (helm 3 created it client-side; someone ran kubectl apply), and a schema
 * merged from two versions keeps the properties and constraints the new one dropped. Its labels
 * and annotations are kept, the chart's over them; its status (storedVersions) stays the
 * server's. Conditional on the resourceVersion just read.
 */
async function putCrd(crd: KubeObject, kube: Kube): Promise<KubeObject> {
  const live = await kube.get(refOf(crd));
  if (!live) return kube.create(crd);
  const m = crd.metadata;
  return kube.replace({
    ...crd,
    metadata: {
      ...m,
      labels: { ...live.metadata.labels, ...m.labels },
      annotations: { ...live.metadata.annotations, ...m.annotations },
      resourceVersion: live.metadata.resourceVersion,
    },
  });
}

async function postCheck(step: PostCheckStep, plan: Plan, deps: ApplyDeps): Promise<void> {
  const problems: string[] = [];
  for (const r of step.releases) {
    const cur = await deployedRevision(deps.kube, plan.cluster.helmDriver, r);
    if (!cur) problems.push(`release ${r.namespace}/${r.name} is not deployed`);
  }
  for (const name of step.crds) {
    if (!(await deps.kube.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name }))) problems.push(`CRD ${name} is missing`);
  }
  for (const o of step.owned) {
    const live = await deps.kube.get(o);
    if (!live) continue; // A kind helm skips (a hook) or one the server does not keep.
    const a = live.metadata.annotations ?? {};
    if (a[RELEASE_NAME] !== o.release.name || a[RELEASE_NAMESPACE] !== o.release.namespace) {
      problems.push(`${o.kind} ${o.name} is owned by ${a[RELEASE_NAMESPACE]}/${a[RELEASE_NAME]}, not ${o.release.namespace}/${o.release.name}`);
    }
  }
  if (step.trustAnchorSha256 && step.trustRoots) {
    const anchor = await readTrustAnchor(deps.kube, step.trustRoots!, deps.pack.cluster?.trustAnchor?.key ?? '');
    if (anchor && fingerprint(anchor) !== step.trustAnchorSha256) problems.push('the trust anchor changed: proxies will not trust each other until every pod restarts');
  }
  if (problems.length) throw new HelmMigrateError('apply-failed', `post-checks failed: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
}
