/**
 * An in-memory Kubernetes API server for tests: a test double of the API that the real helm 3,
 * helm 4, kubectl and @kubernetes/client-node talk to over HTTPS. See README.md.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { makeServerCerts } from './certs.js';
import { Faults, type FaultRule } from './faults.js';
import { RequestLog } from './request-log.js';
import type { ResourceType } from './resources.js';
import { KubeApi } from './server.js';
import { Store, type Obj, type StoreSnapshot } from './store.js';

export interface StartOptions {
  port?: number;
  host?: string;
  /** Where to write the kubeconfig (default: a new temporary directory). */
  kubeconfigPath?: string;
  /** Kubernetes version reported by /version (default v1.29.4). */
  gitVersion?: string;
}

export interface KubeApiServer {
  url: string;
  kubeconfigPath: string;
  /** Context names in the kubeconfig: `test` (admin), `viewer` (read only), `other` (same server, another name). */
  contexts: { admin: string; viewer: string; other: string };
  caPem: string;
  log: RequestLog;
  faults: {
    add(rule: FaultRule): void;
    clear(): void;
    pending(): FaultRule[];
  };
  /** Direct access for seeding and assertions (bypasses HTTP, so nothing is logged). */
  objects: {
    get(apiVersion: string, resource: string, namespace: string | undefined, name: string): Obj | undefined;
    list(apiVersion: string, resource: string, namespace?: string): Obj[];
    /** Seeds an object as if created through the API (namespace created when missing). */
    create(apiVersion: string, resource: string, obj: Obj): Obj;
    /**
     * Resolves once `check` holds, checked now, after every change to the store and after every
     * request that trips a fault: a wait on
     * state, never on time. Rejects after `ms` (a generous bound, not a timing assumption).
     */
    until(what: string, check: () => boolean, ms?: number): Promise<void>;
  };
  /** The stored state, to come back to with `restore` (cheaper than a new server and a new install). */
  snapshot(): StoreSnapshot;
  /** Back to a snapshot: objects, resourceVersions, served kinds; faults and the request log cleared. */
  restore(s: StoreSnapshot): void;
  stop(): Promise<void>;
}

export async function startKubeApiServer(opts: StartOptions = {}): Promise<KubeApiServer> {
  const certs = makeServerCerts();
  const store = new Store();
  const log = new RequestLog();
  const faults = new Faults();
  const api = new KubeApi(store, log, faults, {
    gitVersion: opts.gitVersion ?? 'v1.29.4',
    tokens: { 'admin-token': 'admin', 'viewer-token': 'viewer' },
    readOnlyUsers: ['viewer'],
  });
  const server: Server = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    void api.handle(req, res);
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${host}:${port}`;
  const kubeconfigPath = opts.kubeconfigPath ?? join(mkdtempSync(join(tmpdir(), 'kube-api-server-')), 'kubeconfig');
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  const ca = Buffer.from(certs.caPem).toString('base64');
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'test', cluster: { server: url, 'certificate-authority-data': ca } },
      { name: 'other', cluster: { server: url, 'certificate-authority-data': ca } },
    ],
    users: [
      { name: 'admin', user: { token: 'admin-token' } },
      { name: 'viewer', user: { token: 'viewer-token' } },
    ],
    contexts: [
      { name: 'test', context: { cluster: 'test', user: 'admin', namespace: 'default' } },
      { name: 'viewer', context: { cluster: 'test', user: 'viewer', namespace: 'default' } },
      { name: 'other', context: { cluster: 'other', user: 'admin', namespace: 'default' } },
    ],
    'current-context': 'test',
  };
  writeFileSync(kubeconfigPath, stringify(kubeconfig), { mode: 0o600 });

  const typeOf = (apiVersion: string, resource: string): ResourceType => {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const ty = api.registry.find(group, version, resource);
    if (!ty) throw new Error(`unknown resource ${apiVersion} ${resource}`);
    return ty;
  };

  return {
    url,
    kubeconfigPath,
    contexts: { admin: 'test', viewer: 'viewer', other: 'other' },
    caPem: certs.caPem,
    log,
    faults,
    objects: {
      get: (apiVersion, resource, namespace, name) => store.get(typeOf(apiVersion, resource), namespace, name),
      list: (apiVersion, resource, namespace) => store.list(typeOf(apiVersion, resource), namespace),
      create: (apiVersion, resource, obj) => {
        const ty = typeOf(apiVersion, resource);
        const nsType = typeOf('v1', 'namespaces');
        const ns = obj.metadata?.namespace;
        if (ty.namespaced && ns && !store.get(nsType, undefined, ns)) {
          store.put(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: store.newUid(), creationTimestamp: new Date().toISOString() }, status: { phase: 'Active' } }, 'ADDED');
        }
        return store.put(ty, { ...obj, metadata: { uid: store.newUid(), creationTimestamp: new Date().toISOString(), ...obj.metadata } }, 'ADDED');
      },
      until: (what, check, ms = 120_000) =>
        new Promise<void>((resolve, reject) => {
          if (check()) return resolve();
          const timer = setTimeout(() => {
            off();
            reject(new Error(`the store never reached: ${what}`));
          }, ms);
          const recheck = () => {
            if (!check()) return;
            clearTimeout(timer);
            off();
            resolve();
          };
          const offStore = store.onChange(recheck);
          const offFaults = faults.onTake(recheck);
          const off = () => {
            offStore();
            offFaults();
          };
        }),
    },
    snapshot: () => store.snapshot(),
    restore: (s) => {
      faults.clear();
      log.clear();
      api.restore(s);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        api.closeWatches();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type { FaultRule } from './faults.js';
export type { StoreSnapshot } from './store.js';
