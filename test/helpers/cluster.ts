/** Tests against the in-memory API server with the real helm and kubectl binaries. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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

/** A clean HOME, so kubectl's discovery cache and helm's state start empty. */
export function freshHome(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'hm-home-'));
  return {
    ...env,
    HOME: home,
    HELM_CACHE_HOME: join(home, '.cache', 'helm'),
    HELM_CONFIG_HOME: join(home, '.config', 'helm'),
    HELM_DATA_HOME: join(home, '.local', 'share', 'helm'),
  };
}

/** A fresh server and a clean HOME. */
export async function startCluster(): Promise<Cluster> {
  const server = await startKubeApiServer();
  const env = freshHome({ PATH: process.env.PATH, KUBECONFIG: server.kubeconfigPath });
  return {
    server,
    env,
    helm: (version, args, extraEnv) => run(version === 3 ? helm3 : helm4, args, { ...env, ...extraEnv }),
    kubectl: (args, extraEnv) => run(kubectl, args, { ...env, ...extraEnv }),
    stop: () => server.stop(),
  };
}

/** A saved plan and the cluster state it was made against, to hand out again and again. */
export interface PlannedState {
  cluster: Cluster;
  /**
   * The cluster back as it was when the plan was made, a copy of the plan's folder (sidecar
   * included, modes kept) and a clean HOME: what a fresh install and plan would give, without
   * repeating them.
   */
  again(): { plan: string; env: NodeJS.ProcessEnv };
}

/** Makes a plan once (`planned` installs and plans), and keeps what it needs to start over from there. */
export async function plannedOnce(cluster: Cluster, planned: (cl: Cluster) => Promise<{ plan: string; env: NodeJS.ProcessEnv }>): Promise<PlannedState> {
  const { plan, env } = await planned(cluster);
  const snapshot = cluster.server.snapshot();
  const folder = mkdtempSync(join(tmpdir(), 'hm-plan-pristine-'));
  execFileSync('cp', ['-a', `${dirname(plan)}/.`, folder]);
  return {
    cluster,
    again: () => {
      cluster.server.restore(snapshot);
      const copy = mkdtempSync(join(tmpdir(), 'hm-plan-'));
      execFileSync('cp', ['-a', `${folder}/.`, copy]);
      return { plan: join(copy, basename(plan)), env: freshHome(env) };
    },
  };
}
