/** Tests against the in-memory API server with the real helm and kubectl binaries. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.js';
import { helm3, helm4, kubectl } from './binaries.js';

export interface Cluster {
  server: KubeApiServer;
  env: NodeJS.ProcessEnv;
  helm(version: 3 | 4, args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<Run>;
  kubectl(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<Run>;
  stop(): Promise<void>;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a process without blocking the event loop: the API server lives in this process, and a
 * synchronous spawn would starve it (clients then see TLS handshake timeouts).
 */
export function run(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(err) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
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
