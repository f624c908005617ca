/**
 * Options every cluster command shares, resolved as helm and kubectl users expect: flags first,
 * then HELM_KUBECONTEXT / HELM_NAMESPACE / HELM_DRIVER / KUBECONFIG (which Helm also sets for
 * plugins).
 */
import { driverFrom, type StorageDriver } from '../../helm/release.js';
import type { Helm } from '../../helm/cli.js';
import type { Kube } from '../../kube/types.js';

export interface ClusterOptions {
  kubeconfig?: string;
  kubeContext?: string;
}

export interface Connected {
  kube: Kube;
  helm: Helm;
  driver: StorageDriver;
}

/** Loads client-node and execa only now: `values` never pays for them. */
export async function connect(opts: ClusterOptions, env: NodeJS.ProcessEnv): Promise<Connected> {
  const [{ connectKube }, { helmAdapter }] = await Promise.all([import('../../kube/client.js'), import('../../helm/cli.js')]);
  const kubeconfig = opts.kubeconfig;
  const context = opts.kubeContext ?? env.HELM_KUBECONTEXT ?? undefined;
  const kube = connectKube({ kubeconfig, context, env });
  // helm talks to the same cluster: same kubeconfig, and the context client-node settled on.
  const helm = helmAdapter({ env, kubeconfig, context: kube.identity().context });
  return { kube, helm, driver: driverFrom(env) };
}
