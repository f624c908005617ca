/** Tests against the in-memory API server with the real helm and kubectl binaries. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.js';
import { helm3, helm4, kubectl } from './binaries.js';
import { run, type Run } from './run.js';

export { run, type Run };

export interface Cluster {
  server: KubeApiServer;
  env: NodeJS.ProcessEnv;
  helm(version: 3 | 4, args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<Run>;
  kubectl(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<Run>;
  stop(): Promise<void>;
}

/** A fresh server and a clean HOME, so kubectl's discovery cache and helm's state start empty. */
export async function startCluster(): Promise<Cluster> {
  const server = await startKubeApiServer();
  const home = mkdtempSync(join(tmpdir(), 'hm-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    KUBECONFIG: server.kubeconfigPath,
    HELM_CACHE_HOME: join(home, '.cache', 'helm'),
    HELM_CONFIG_HOME: join(home, '.config', 'helm'),
    HELM_DATA_HOME: join(home, '.local', 'share', 'helm'),
  };
  return {
    server,
    env,
    helm: (version, args, extraEnv) => run(version === 3 ? helm3 : helm4, args, { ...env, ...extraEnv }),
    kubectl: (args, extraEnv) => run(kubectl, args, { ...env, ...extraEnv }),
    stop: () => server.stop(),
  };
}
