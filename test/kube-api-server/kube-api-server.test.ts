/**
 * The in-memory API server proven with the real clients: helm 3.18 and helm 4.1 run their whole
 * release lifecycle with the real Linkerd charts, kubectl and client-node do what the migration
 * needs, Helm's ownership check and adoption work, and injected faults reach the clients the way
 * a real server's would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../helpers/cluster.js';
import { chartDir, repoRoot, testPki } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';

const ready = needs('shared', 'binaries');
const pki = ['--set-file', `identityTrustAnchorsPEM=${testPki.ca}`, '--set-file', `identity.issuer.tls.crtPEM=${testPki.issuerCrt}`, '--set-file', `identity.issuer.tls.keyPEM=${testPki.issuerKey}`];

async function ok(p: Promise<{ code: number; stderr: string; stdout: string }>): Promise<string> {
  const r = await p;
  expect(r.code, r.stderr || r.stdout).toBe(0);
  return r.stdout;
}

describe.skipIf(!ready)('helm lifecycle on the real Linkerd charts', () => {
  for (const version of [3, 4] as const) {
    for (const driver of ['secret', 'configmap'] as const) {
      describe(`helm ${version}, ${driver} storage`, () => {
        let c: Cluster;
        const env = { HELM_DRIVER: driver };
        beforeAll(async () => {
          c = await startCluster();
        });
        afterAll(() => c.stop());

        it('installs 2.11.5 linkerd2 with its record in default and its objects in linkerd', async () => {
          await ok(c.helm(version, ['install', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki], env));
          const records = driver === 'secret' ? c.server.objects.list('v1', 'secrets', 'default') : c.server.objects.list('v1', 'configmaps', 'default');
          expect(records.map((r) => r.metadata.name)).toContain('sh.helm.release.v1.linkerd.v1');
          expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')?.metadata.annotations['meta.helm.sh/release-name']).toBe('linkerd');
          expect(c.server.objects.get('v1', 'namespaces', undefined, 'linkerd')).toBeDefined();
          expect(c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'trafficsplits.split.smi-spec.io')).toBeDefined();
        });

        it('lists, gets values and manifest', async () => {
          expect(await ok(c.helm(version, ['list', '-A'], env))).toMatch(/linkerd\s+default\s+1\s+.*deployed\s+linkerd2-2\.11\.5/);
          expect(await ok(c.helm(version, ['get', 'values', 'linkerd', '-n', 'default', '-o', 'json'], env))).toContain('identityTrustAnchorsPEM');
          expect(await ok(c.helm(version, ['get', 'manifest', 'linkerd', '-n', 'default'], env))).toContain('kind: CustomResourceDefinition');
        });

        it('upgrades, keeps history and rolls back', async () => {
          await ok(c.helm(version, ['upgrade', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki, '--set', 'controllerReplicas=2'], env));
          expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')?.spec.replicas).toBe(2);
          const history = await ok(c.helm(version, ['history', 'linkerd', '-n', 'default'], env));
          expect(history).toMatch(/1\s+.*superseded/);
          expect(history).toMatch(/2\s+.*deployed/);
          await ok(c.helm(version, ['rollback', 'linkerd', '1', '-n', 'default'], env));
          expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')?.spec.replicas).toBe(1);
          expect(await ok(c.helm(version, ['history', 'linkerd', '-n', 'default'], env))).toMatch(/3\s+.*deployed/);
        });

        it('uninstalls, removing the objects and the records', async () => {
          await ok(c.helm(version, ['uninstall', 'linkerd', '-n', 'default'], env));
          expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')).toBeUndefined();
          expect(await ok(c.helm(version, ['list', '-A'], env))).not.toContain('linkerd2-2.11.5');
        });

        for (const release of ['2.12', '2.14'] as const) {
          it(`installs ${release} linkerd-crds then linkerd-control-plane into linkerd`, async () => {
            const ns = `l5d-${release.replace('.', '-')}`;
            await ok(c.helm(version, ['install', 'linkerd-crds', chartDir(release, 'linkerd-crds'), '-n', ns, '--create-namespace'], env));
            await ok(c.helm(version, ['install', 'linkerd-control-plane', chartDir(release, 'linkerd-control-plane'), '-n', ns, ...pki], env));
            expect(c.server.objects.get('apps/v1', 'deployments', ns, 'linkerd-destination')).toBeDefined();
            expect(await ok(c.helm(version, ['list', '-n', ns], env))).toMatch(/linkerd-control-plane\s+/);
            await ok(c.helm(version, ['uninstall', 'linkerd-control-plane', '-n', ns], env));
            await ok(c.helm(version, ['uninstall', 'linkerd-crds', '-n', ns], env));
          });
        }
      });
    }
  }
});

describe.skipIf(!ready)("Helm's ownership check through the server", () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c.stop());

  it('refuses to install over another release, then adopts after kubectl annotate and label', async () => {
    await ok(c.helm(3, ['install', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki]));
    const denied = await c.helm(4, ['install', 'linkerd-crds', chartDir('2.12', 'linkerd-crds'), '-n', 'linkerd']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('exists and cannot be imported into the current release: invalid ownership metadata');
    expect(denied.stderr).toContain('annotation validation error: key "meta.helm.sh/release-name" must equal "linkerd-crds": current value is "linkerd"');

    const crds = (await ok(c.kubectl(['get', 'crd', '-o', 'jsonpath={.items[*].metadata.name}']))).split(' ').filter((n) => n.endsWith('linkerd.io'));
    expect(crds.length).toBeGreaterThan(2);
    for (const crd of crds) {
      await ok(c.kubectl(['annotate', '--overwrite', `crd/${crd}`, 'meta.helm.sh/release-name=linkerd-crds', 'meta.helm.sh/release-namespace=linkerd']));
      await ok(c.kubectl(['label', '--overwrite', `crd/${crd}`, 'app.kubernetes.io/managed-by=Helm']));
    }
    await ok(c.helm(4, ['install', 'linkerd-crds', chartDir('2.12', 'linkerd-crds'), '-n', 'linkerd']));
    const server = c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'servers.policy.linkerd.io');
    expect(server?.metadata.annotations['meta.helm.sh/release-name']).toBe('linkerd-crds');
  });
});

describe.skipIf(!ready)('snapshot and restore (tests share one install instead of repeating it)', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c.stop());

  it('comes back to the snapshot: objects, resourceVersions and the kinds CRDs serve, as helm and kubectl see them', async () => {
    await ok(c.helm(4, ['install', 'crds', chartDir('2.12', 'linkerd-crds'), '-n', 'linkerd', '--create-namespace']));
    const crd = () => c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'servers.policy.linkerd.io');
    const snap = c.server.snapshot();
    const pinned = crd()!.metadata.resourceVersion;

    await ok(c.helm(4, ['uninstall', 'crds', '-n', 'linkerd']));
    await ok(c.kubectl(['create', 'configmap', 'later', '-n', 'default']));
    expect(crd()).toBeUndefined();
    expect((await c.kubectl(['get', 'servers.policy.linkerd.io', '-A'])).code).not.toBe(0);

    c.server.restore(snap);
    expect(crd()?.metadata.resourceVersion).toBe(pinned);
    expect(c.server.objects.get('v1', 'configmaps', 'default', 'later')).toBeUndefined();
    expect(await ok(c.helm(4, ['list', '-n', 'linkerd', '-q']))).toContain('crds');
    // The CRD's kind is served again: kubectl can list it (none stored).
    expect((await ok(c.kubectl(['get', 'servers.policy.linkerd.io', '-A', '-o', 'name']))).trim()).toBe('');
    // And the snapshot is a copy: what happens after a restore does not change it.
    await ok(c.helm(4, ['uninstall', 'crds', '-n', 'linkerd']));
    c.server.restore(snap);
    expect(crd()?.metadata.resourceVersion).toBe(pinned);
  });
});

describe.skipIf(!ready)('kubectl and client-node', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c.stop());

  it('kubectl creates, reads with jsonpath, annotates, labels, and deletes by label and field selectors', async () => {
    await ok(c.kubectl(['create', 'namespace', 'team']));
    await ok(c.kubectl(['create', 'configmap', 'cfg', '-n', 'team', '--from-literal=k=v']));
    expect(await ok(c.kubectl(['get', 'cm', 'cfg', '-n', 'team', '-o', 'jsonpath={.data.k}']))).toBe('v');
    await ok(c.kubectl(['annotate', 'cm/cfg', '-n', 'team', 'example.com/owner=me']));
    await ok(c.kubectl(['label', 'cm/cfg', '-n', 'team', 'tier=gold']));
    expect(await ok(c.kubectl(['get', 'cm', '-n', 'team', '-l', 'tier=gold', '-o', 'name']))).toBe('configmap/cfg\n');
    expect(await ok(c.kubectl(['get', 'cm', 'cfg', '-n', 'team', '-o', 'jsonpath={.metadata.annotations.example\\.com/owner}']))).toBe('me');
    // Linkerd's 2.12 clean-up of an old release's records, verbatim.
    await ok(c.helm(3, ['install', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki]));
    await ok(c.kubectl(['create', 'secret', 'generic', 'keep-me', '-n', 'default', '--from-literal=a=b']));
    const del = await ok(c.kubectl(['-n', 'default', 'delete', 'secret', '--field-selector', 'type=helm.sh/release.v1', '-l', 'name=linkerd,owner=helm']));
    expect(del).toContain('sh.helm.release.v1.linkerd.v1');
    expect(c.server.objects.list('v1', 'secrets', 'default').map((s) => s.metadata.name)).toEqual(['keep-me']);
    expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')).toBeDefined();
  });

  it('client-node lists with selectors, patches and deletes', async () => {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.server.kubeconfigPath);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'a', labels: { app: 'x' } }, data: { v: '1' } } });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'b', labels: { app: 'y' } }, data: { v: '2' } } });
    const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app in (x)' });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['a']);
    const byField = await core.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'metadata.name=b' });
    expect(byField.items.map((i) => i.metadata?.name)).toEqual(['b']);
    await core.patchNamespacedConfigMap({ name: 'a', namespace: 'default', body: { metadata: { annotations: { patched: 'yes' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(c.server.objects.get('v1', 'configmaps', 'default', 'a')?.metadata.annotations.patched).toBe('yes');
    await core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' });
    expect(c.server.objects.get('v1', 'configmaps', 'default', 'a')).toBeUndefined();
    await expect(core.readNamespacedConfigMap({ name: 'a', namespace: 'default' })).rejects.toMatchObject({ code: 404 });
  });

  it('a read-only user is refused writes with 403, as with a view role', async () => {
    const r = await c.kubectl(['--context', c.server.contexts.viewer, 'create', 'configmap', 'nope', '-n', 'default', '--from-literal=a=b']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('is forbidden: User "viewer" cannot create resource "configmaps"');
    await ok(c.kubectl(['--context', c.server.contexts.viewer, 'get', 'cm', '-n', 'default']));
  });
});

describe.skipIf(!ready)('fault injection reaches the clients as a real server would', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c.stop());

  it('a 500 on create fails a helm install with the server message', async () => {
    c.server.faults.add({ verb: 'create', resource: 'secrets', status: 500, message: 'etcdserver: request timed out' });
    const r = await c.helm(3, ['install', 'crds', chartDir('2.12', 'linkerd-crds'), '-n', 'default']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('etcdserver: request timed out');
  });

  it('a 503 with Retry-After is retried by client-go', async () => {
    c.server.log.clear();
    c.server.faults.add({ verb: 'list', resource: 'secrets', status: 503, retryAfter: 1 });
    await ok(c.helm(4, ['list', '-A']));
    expect(c.server.log.entries.filter((e) => e.verb === 'list' && e.resource === 'secrets').map((e) => e.status)).toEqual([503, 200]);
  });

  it('a 409 conflict on update is returned as a conflict', async () => {
    c.server.faults.add({ verb: 'patch', resource: 'configmaps', name: 'cm', status: 409, message: 'the object has been modified' });
    await ok(c.kubectl(['create', 'configmap', 'cm', '-n', 'default']));
    const r = await c.kubectl(['annotate', 'cm/cm', '-n', 'default', 'a=b']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('the object has been modified');
  });

  it('a dropped connection and added latency surface as client errors', async () => {
    // client-go quietly retries GETs on a dropped connection (as against a real server), so the
    // drop is shown on a create, which it does not retry.
    c.server.faults.add({ verb: 'create', resource: 'configmaps', action: 'drop' });
    const dropped = await c.kubectl(['create', 'configmap', 'slow', '-n', 'default']);
    expect(dropped.code).not.toBe(0);
    expect(dropped.stderr).toMatch(/EOF|connection reset|broken pipe/);
    await ok(c.kubectl(['create', 'configmap', 'slow', '-n', 'default']));
    c.server.faults.add({ verb: 'get', resource: 'configmaps', name: 'slow', action: 'delay', delayMs: 3000 });
    const slow = await c.kubectl(['get', 'cm', 'slow', '-n', 'default', '--request-timeout=1s']);
    expect(slow.code).not.toBe(0);
    expect(slow.stderr).toMatch(/timeout|deadline|Client\.Timeout/i);
  });

  it('faults can be set at run time through the test endpoint', async () => {
    // Node 20's fetch takes no per-call CA, so talk HTTPS directly with the server's CA.
    const https = await import('node:https');
    const body = await new Promise<string>((resolve, reject) => {
      const req = https.request(`${c.server.url}/__test/faults`, { method: 'POST', ca: c.server.caPem }, (r) => {
        let b = '';
        r.on('data', (d) => (b += d));
        r.on('end', () => resolve(b));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ verb: 'get', resource: 'namespaces', name: 'default', status: 503 }));
    });
    expect(JSON.parse(body).pending).toEqual([expect.objectContaining({ resource: 'namespaces', status: 503, count: 1 })]);
    const r = await c.kubectl(['get', 'ns', 'default']);
    expect(r.code).not.toBe(0);
  });
});

describe.skipIf(!ready)('watches and the command', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c.stop());

  it('helm 4 --wait finishes through the watch-list stream and its initial-events bookmark', async () => {
    await ok(c.helm(4, ['install', 'crds', chartDir('2.14', 'linkerd-crds'), '-n', 'default', '--wait', '--timeout', '30s']));
    expect(c.server.log.entries.some((e) => e.verb === 'watch' && e.query.includes('sendInitialEvents=true'))).toBe(true);
  });

  it('client-node watches see changes as they happen', async () => {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.server.kubeconfigPath);
    const seen: string[] = [];
    let bothSeen!: () => void;
    const both = new Promise<void>((r) => (bothSeen = r));
    const watch = new k8s.Watch(kc);
    const req = await watch.watch('/api/v1/namespaces/default/configmaps', {}, (type, obj) => {
      seen.push(`${type} ${obj.metadata.name}`);
      if (seen.length >= 2) bothSeen();
    }, () => {});
    await ok(c.kubectl(['create', 'configmap', 'watched', '-n', 'default']));
    await ok(c.kubectl(['delete', 'configmap', 'watched', '-n', 'default']));
    // The events arrive over HTTP after the store changed: wait for them, not for time.
    await both;
    req.abort();
    expect(seen).toEqual(expect.arrayContaining(['ADDED watched', 'DELETED watched']));
  });

  it('npm run kube-api-server prints its address, serves, and exits cleanly on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kas-cli-')), 'config');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/kube-api-server/cli.ts', '--kubeconfig', kubeconfig], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', () => reject(new Error('exited early')));
    });
    expect(line).toMatch(/^kube-api-server listening on https:\/\/127\.0\.0\.1:\d+$/);
    expect(await ok(c.kubectl(['--kubeconfig', kubeconfig, 'get', 'ns', 'default', '-o', 'name']))).toBe('namespace/default\n');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

