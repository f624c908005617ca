/**
 * A plan runs only against what it was made for: the same cluster (server and context) and the
 * same major version of helm. Helm 4 installs with server-side apply where helm 3 patches on
 * the client, so the same reviewed command would not do the same thing.
 */
import { HelmMigrateError } from '../core/errors.js';
import type { Helm } from '../helm/cli.js';
import type { Kube } from '../kube/types.js';
import type { Plan } from './types.js';

const major = (v: string) => /^v?(\d+)\./.exec(v)?.[1];

export async function assertSameCluster(plan: Plan, kube: Kube, helm: Helm): Promise<void> {
  const id = kube.identity();
  if (id.server !== plan.cluster.server || id.context !== plan.cluster.context) {
    throw new HelmMigrateError(
      'plan-context-mismatch',
      `the plan is for context ${plan.cluster.context} (${plan.cluster.server}), but the current one is ${id.context} (${id.server}); nothing was changed`,
    );
  }
  const planned = plan.cluster.helmVersion;
  if (!planned) return; // A plan written before helm-migrate recorded it.
  const now = await helm.version();
  if (major(now) !== major(planned)) {
    throw new HelmMigrateError(
      'plan-context-mismatch',
      `the plan was made with helm ${planned} but helm ${now} would apply it (${helm.bin}); point HELM_BIN at a helm ${major(planned)}, or make a new plan. Nothing was changed.`,
    );
  }
}
