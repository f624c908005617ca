/**
 * The `helm upgrade --install` step, made safe to interrupt and to repeat.
 *
 * Helm marks a release `pending-install`/`pending-upgrade` while it works and refuses every
 * later operation on it ("another operation is in progress") until that record changes. A kill
 * of the process group (a cancelled CI job, the OOM killer) leaves it that way for good. The
 * journal keeps each helm process the step started (pid, host, the newest revision before it),
 * so a resume can tell a record left by its own dead helm (removed, after a copy is kept beside
 * the plan) from one another operation is writing (refused), and a step helm finished just
 * before the kill (not run again) from one it never finished.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { HelmMigrateError } from '../core/errors.js';
import { withRetry } from '../core/retry.js';
import { transientHelmFailure } from '../helm/cli.js';
import { chartArgs } from './chart-source.js';
import { releaseHistory, type HelmRelease } from '../helm/release.js';
import { parseYaml } from '../values/manifests.js';
import type { ApplyDeps } from './apply.js';
import type { HelmRun, Journal } from './journal.js';
import { alive } from './lock.js';
import { removeRecords } from './records.js';
import type { HelmStep, Plan } from './types.js';

export async function runHelmStep(step: HelmStep, plan: Plan, sidecar: string, deps: ApplyDeps, journal: Journal): Promise<Record<string, unknown>> {
  const file = join(sidecar, step.values.file);
  if (!existsSync(file)) throw new HelmMigrateError('plan-invalid', `values file ${file} is missing from the plan's folder`);
  const id = `${step.release.namespace}/${step.release.name}`;
  const history = () => releaseHistory(deps.kube, plan.cluster.helmDriver, step.release);

  const runs = journal.helmRuns(step.id);
  if (runs.length) {
    const done = finishedBefore(await history(), runs[0].revisionBefore, step, readFileSync(file, 'utf8'));
    if (done) {
      deps.progress(`helm had finished ${id} (revision ${done.revision}) before the interruption: not run again`);
      return { revision: done.revision, finishedBeforeInterruption: true };
    }
  }

  const chart = chartArgs({ ref: step.chart.source, repo: step.chart.repository, version: step.chart.repository ? step.chart.version : undefined });
  const args = ['upgrade', '--install', step.release.name, ...chart, '-n', step.release.namespace, ...(step.createNamespace ? ['--create-namespace'] : []), '--reset-values', '-f', file];
  // A transient failure runs the whole command again, after clearing what helm left pending.
  await withRetry(
    async () => {
      const before = await history();
      await clearPending(before, step, plan, sidecar, deps, journal);
      const revisionBefore = before.find((r) => !r.status.startsWith('pending-'))?.revision ?? 0;
      await deps.helm.run(args, {
        onSpawn: (pid) => journal.record({ event: 'helm', step: step.id, at: new Date().toISOString(), pid, host: hostname(), revisionBefore }),
      });
    },
    {
      attempts: 3,
      factor: 4,
      retryable: transientHelmFailure,
      onRetry: (err, attempt, attempts) => deps.progress(`helm failed with a transient error (${(err as Error).message}); trying again (${attempt}/${attempts})`),
    },
  );
  const after = (await history())[0];
  return { revision: after?.revision };
}

/**
 * The revision this step's helm wrote and finished, if any: newer than the release had before
 * the first attempt, deployed, of the planned chart version, with exactly the planned values.
 */
function finishedBefore(history: HelmRelease[], revisionBefore: number, step: HelmStep, values: string): HelmRelease | undefined {
  const newest = history[0];
  if (!newest || newest.revision <= revisionBefore || newest.status !== 'deployed') return undefined;
  if (newest.chart.name !== step.chart.name || newest.chart.version !== step.chart.version) return undefined;
  return isDeepStrictEqual(newest.config, parseYaml(values) ?? {}) ? newest : undefined;
}

/** A helm process the step started on this host that is still running (an apply killed without its process group). */
export function helmStillRunning(journal: Journal, step: string): HelmRun | undefined {
  return journal.helmRuns(step).find((r) => r.host === hostname() && alive(r.pid));
}

/**
 * Removes a pending record this step's own helm left when it was killed; refuses one that a
 * live helm, or some other operation, may still be writing.
 */
async function clearPending(history: HelmRelease[], step: HelmStep, plan: Plan, sidecar: string, deps: ApplyDeps, journal: Journal): Promise<void> {
  const pending = history.filter((r) => r.status.startsWith('pending-'));
  if (!pending.length) return;
  const id = `${step.release.namespace}/${step.release.name}`;
  const runs = journal.helmRuns(step.id);
  const foreign = pending.filter((p) => !runs.some((r) => p.revision > r.revisionBefore));
  if (foreign.length) {
    throw new HelmMigrateError('apply-failed', `release ${id} is ${foreign[0].status} (revision ${foreign[0].revision}), an operation this apply did not start; let it finish (or resolve it with helm), then resume`);
  }
  const running = helmStillRunning(journal, step.id);
  if (running) {
    throw new HelmMigrateError('apply-failed', `the helm started by the interrupted apply (pid ${running.pid}) is still working on ${id}; wait for it to exit, then resume`);
  }
  const elsewhere = runs.find((r) => r.host !== hostname());
  if (elsewhere) {
    throw new HelmMigrateError('apply-failed', `release ${id} is ${pending[0].status}, left by a helm started on ${elsewhere.host} (pid ${elsewhere.pid}); once it is surely gone, resume from that host`);
  }
  const dir = join(sidecar, 'recovered', `${step.release.namespace}.${step.release.name}`);
  await removeRecords(deps.kube, plan.cluster.helmDriver, pending, dir);
  for (const p of pending) deps.progress(`removed the ${p.status} record of ${id} (revision ${p.revision}) left by the interrupted helm; a copy is in ${dir}`);
}
