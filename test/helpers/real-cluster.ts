/**
 * A real kube-apiserver (with etcd) for a test file, built by scripts/build-kube-apiserver.mjs,
 * and the real helm and kubectl pointed at it. One server per file; tests use namespaces or
 * release names of their own. The server has no nodes or controllers: pods never run, status
 * changes only when a test writes it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helm3, helm4, kubectl } from './binaries.js';
import { run, type Run } from './run.js';
import { repoRoot } from './shared.js';

export const realApiServer = join(repoRoot, 'node_modules', '.cache', 'helm-migrate-bin', 'kube-apiserver');
export const hasRealApiServer = existsSync(realApiServer);

export interface RealCluster {
  server: string;
  /** What /version says (helm's .Capabilities.KubeVersion). */
  version: string;
  env: NodeJS.ProcessEnv;
  helm(version: 3 | 4, args: string[]): Promise<Run>;
  kubectl(args: string[], input?: string): Promise<Run>;
  /** An object as the server has it, or undefined (kubectl get -o json). */
  get(kind: string, name: string, namespace?: string): Promise<Record<string, any> | undefined>;
  stop(): Promise<void>;
}

interface Ready {
  server: string;
  ca: string;
  adminCert: string;
  adminKey: string;
  viewerCert: string;
  viewerKey: string;
  version: string;
}

/** Starts the server and waits for its ready line, however long a busy machine takes. */
export async function startRealCluster(): Promise<RealCluster> {
  const child = spawn(realApiServer, [], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) resolve(JSON.parse(line) as Ready);
    });
    child.on('exit', (code) => reject(new Error(`kube-apiserver exited (${code}) before it was ready:\n${stderr}`)));
  });
  const home = mkdtempSync(join(tmpdir(), 'hm-real-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(ready), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    KUBECONFIG: kubeconfig,
    HELM_CACHE_HOME: join(home, '.cache', 'helm'),
    HELM_CONFIG_HOME: join(home, '.config', 'helm'),
    HELM_DATA_HOME: join(home, '.local', 'share', 'helm'),
  };
  const k = (args: string[], input?: string) => run(kubectl, args, env, input);
  return {
    server: ready.server,
    version: ready.version,
    env,
    helm: (v, args) => run(v === 3 ? helm3 : helm4, args, env),
    kubectl: k,
    async get(kind, name, namespace) {
      const r = await k(['get', kind, name, ...(namespace ? ['-n', namespace] : []), '-o', 'json', '--show-managed-fields', '--ignore-not-found']);
      if (r.code !== 0) throw new Error(`kubectl get ${kind} ${name}: ${r.stderr}`);
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    },
    stop: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/** Contexts: `test` (system:masters), `viewer` (the `view` ClusterRole through real RBAC). */
function kubeconfigFor(r: Ready): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${r.server}
    certificate-authority: ${r.ca}
users:
- name: admin
  user:
    client-certificate: ${r.adminCert}
    client-key: ${r.adminKey}
- name: viewer
  user:
    client-certificate: ${r.viewerCert}
    client-key: ${r.viewerKey}
contexts:
- name: test
  context: {cluster: test, user: admin}
- name: viewer
  context: {cluster: test, user: viewer}
current-context: test
`;
}
