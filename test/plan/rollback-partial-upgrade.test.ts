/**
 * Rollback after a helm upgrade that stopped part-way. A 2.10 → 2.12 plan upgrades `linkerd2`
 * in place at the 2.11 stage; when the API refuses an object in the middle of that upgrade,
 * helm records a failed revision of the 2.11 chart over a control plane that is partly 2.11
 * already. The release's deployed revision is still the pinned one, so only its newest revision
 * tells that anything changed: rollback must go by that, whatever its status.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { helm3, helm4 } from '../helpers/binaries.js';
import { helmMigrate } from '../helpers/cli-async.js';
import { startCluster, type Cluster } from '../helpers/cluster.js';
import { ok, pki, planPath } from '../helpers/linkerd-split.js';
import { ready as needs } from '../helpers/prereq.js';
import { chartDir, chartsDir, hasShared, testPki } from '../helpers/shared.js';

const ready = needs('shared', 'binaries', 'build');

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

const expiry = hasShared ? readFileSync(testPki.expiry, 'utf8').trim() : '';

/** Linkerd 2.10 as its docs installed it (release `linkerd` in `default`, objects in `linkerd`), planned to 2.12. */
async function planned210(cl: Cluster, helmVersion: 3 | 4): Promise<{ plan: string; env: NodeJS.ProcessEnv }> {
  await ok(cl.helm(3, ['install', 'linkerd', chartDir('2.10', 'linkerd2'), '-n', 'default', ...pki(), '--set', `identity.issuer.crtExpiry=${expiry}`, '--set', 'proxy.logLevel=warn\\,linkerd=debug']));
  const env = { ...cl.env, HELM_BIN: helmVersion === 3 ? helm3 : helm4 };
  const plan = planPath();
  await ok(helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env));
  return { plan, env };
}

/** What rollback must bring back: the release's chart and status, and what the upgrade had already changed. */
function start(cl: Cluster) {
  const config = cl.server.objects.get('v1', 'configmaps', 'linkerd', 'linkerd-config');
  return {
    config: config?.data,
    // New in 2.11, created before the refused Service: present only while the cluster is partly 2.11.
    trustRoots: cl.server.objects.get('v1', 'configmaps', 'linkerd', 'linkerd-identity-trust-roots'),
    releases: cl.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').map((s) => `${s.metadata.labels?.version}:${s.metadata.labels?.status}`),
  };
}

async function expectBackAt210(cl: Cluster, before: ReturnType<typeof start>): Promise<void> {
  const list = JSON.parse(await ok(cl.helm(4, ['list', '-A', '-o', 'json'])));
  expect(list.map((r: any) => `${r.namespace}/${r.name}:${r.chart}:${r.status}`)).toEqual(['default/linkerd:linkerd2-2.10.2:deployed']);
  const after = start(cl);
  expect(after.config).toEqual(before.config);
  expect(after.trustRoots).toBeUndefined();
  const values = JSON.parse(await ok(cl.helm(4, ['get', 'values', 'linkerd', '-n', 'default', '-o', 'json'])));
  expect(values.proxy.logLevel).toBe('warn,linkerd=debug');
}

describe.skipIf(!ready)('rollback after a helm upgrade that stopped part-way (2.10 → 2.12, in place at 2.11)', () => {
  for (const helmVersion of [3, 4] as const) {
    it(`helm ${helmVersion}: the API refuses a create in the middle of the upgrade; rollback brings the release and its objects back`, async () => {
      c = await startCluster();
      const { plan, env } = await planned210(c, helmVersion);
      const before = start(c);
      expect(before.trustRoots).toBeUndefined();
      // The 2.11 upgrade creates its new ConfigMap, then the API refuses its first new Service
      // (linkerd-policy: every other Service exists already and is patched).
      c.server.faults.add({ verb: 'create', resource: 'services', namespace: 'linkerd', userAgent: 'Helm/', status: 403, message: 'admission webhook "deny.example.com" denied the request', count: 10 });
      const failed = await helmMigrate(['apply', plan, '--yes'], env);
      expect(failed.code, failed.stderr).toBe(6);
      expect(failed.stderr.trim().split('\n').pop()).toMatch(/helm-migrate: 2\.11\/.*helm-linkerd failed: .*denied the request/);
      c.server.faults.clear();
      // Half-upgraded: helm recorded a failed 2.11 revision and created 2.11's objects before the Service.
      const half = JSON.parse(await ok(c.helm(4, ['history', 'linkerd', '-n', 'default', '-o', 'json'])));
      expect(half.map((r: any) => `${r.revision}:${r.chart}:${r.status}`).at(-1)).toBe('2:linkerd2-2.11.5:failed');
      expect(start(c).trustRoots).toBeDefined();

      const rb = await helmMigrate(['rollback', plan, '--yes'], env);
      expect(rb.code, rb.stderr).toBe(0);
      expect(rb.stderr).toMatch(/rolled default\/linkerd back to revision 1 \(linkerd2 2\.10\.2\)/);
      expect(rb.stderr).toMatch(/rolled back: .*1 release\(s\) rolled back in place/);
      expect(rb.stderr).toMatch(/kept CustomResourceDefinition servers\.policy\.linkerd\.io, which the unfinished upgrade of default\/linkerd created/);
      await expectBackAt210(c, before);
    });
  }

  it('helm 4: the process group killed inside the in-place upgrade; rollback clears helm\'s pending record and brings the release back', async () => {
    c = await startCluster();
    const { plan, env } = await planned210(c, 4);
    const before = start(c);
    const records = () => c!.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === 'linkerd');
    // Slow helm down once it is writing 2.11's objects, so the kill lands inside the upgrade.
    c.server.faults.add({ verb: 'create', resource: 'services', namespace: 'linkerd', userAgent: 'Helm/', action: 'delay', delayMs: 1500, count: 3 });
    const child = spawn(process.execPath, ['bin/helm-migrate.js', 'apply', plan, '--yes'], { env: { ...env, NO_COLOR: '1' }, stdio: 'ignore', detached: true });
    const exited = new Promise((r) => child.on('exit', r));
    await c.server.objects.until('helm is creating 2.11 objects over a pending-upgrade record', () =>
      records().some((r) => r.metadata.labels?.status === 'pending-upgrade') && c!.server.objects.get('v1', 'configmaps', 'linkerd', 'linkerd-identity-trust-roots') !== undefined,
    );
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    c.server.faults.clear();
    expect(records().map((r) => r.metadata.labels?.status).sort()).toEqual(['deployed', 'pending-upgrade']);
    expect(existsSync(`${plan}.d/journal.jsonl`)).toBe(true);

    const rb = await helmMigrate(['rollback', plan, '--yes'], env);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stderr).toMatch(/rolled default\/linkerd back to revision 1 \(linkerd2 2\.10\.2\)/);
    await expectBackAt210(c, before);
  });
});
