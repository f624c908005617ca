/**
 * A live Traefik release moved across majors by plan/apply, with the real helm 3 and 4 against
 * the in-memory API server: each stage applies the target chart's CRDs (which Helm never
 * upgrades) before upgrading the release in place; the user's IngressRoutes in both CRD groups
 * survive, and the traefik.containo.us ones Traefik v3 ignores are named before anything runs.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import traefik from '../../migrations/traefik/index.js';
import { helm3, helm4, kubectl } from '../helpers/binaries.js';
import { helmMigrate } from '../helpers/cli-async.js';
import { run, startCluster, type Cluster } from '../helpers/cluster.js';
import { ok, planPath } from '../helpers/linkerd-split.js';
import { crdOwner, crdsReleaseRecords, expectCrdsReleaseBack, expectRetired, installWithCrdsRelease, plannedRetirement, shopRoute } from '../helpers/traefik-crds.js';
import { ready as needs } from '../helpers/prereq.js';
import { chartPath, sharedDir } from '../helpers/shared.js';

const ready = needs('shared', 'binaries', 'build');
const chartsDir = join(sharedDir, 'charts', 'traefik');

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

const routes = `apiVersion: traefik.containo.us/v1alpha1
kind: IngressRoute
metadata:
  name: legacy-shop
  namespace: default
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`legacy.shop.example\`)
      kind: Rule
      services:
        - name: shop
          port: 80
---
${shopRoute}`;

/** The CRD spec a chart's crds/ folder holds, by name. */
function chartCrd(release: string, name: string): unknown {
  const dir = join(chartPath(traefik, release, 'traefik'), 'crds');
  for (const f of readdirSync(dir)) {
    for (const d of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
      const o = d.toJS() as { kind?: string; metadata?: { name?: string }; spec?: unknown } | null;
      if (o?.kind === 'CustomResourceDefinition' && o.metadata?.name === name) return o.spec;
    }
  }
  return undefined;
}

describe.skipIf(!ready)('the checks these tests rest on', () => {
  it('a CRD that is gone fails the ownership check ("//" would read as kept, unowned); a process the harness kills is no exit code', async () => {
    c = await startCluster();
    await installWithCrdsRelease(c, '39');
    expect(crdOwner(c, 'gateways.gateway.networking.k8s.io')).toBe('default/traefik-crds/Helm');
    await ok(c.kubectl(['delete', 'crd', 'gateways.gateway.networking.k8s.io']));
    expect(() => crdOwner(c!, 'gateways.gateway.networking.k8s.io')).toThrow(/CRD gateways\.gateway\.networking\.k8s\.io exists/);
    await expect(run(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], c.env, undefined, 300)).rejects.toThrow(/killed by the test harness/);
  });
});

describe.skipIf(!ready)('traefik in the cluster', () => {
  for (const helmVersion of [3, 4] as const) {
    it(`helm ${helmVersion}: 27 → 41 stage by stage, CRDs applied before each upgrade, every IngressRoute kept`, async () => {
      c = await startCluster();
      await ok(c.helm(3, ['install', 'traefik', chartPath(traefik, '27', 'traefik'), '-n', 'traefik', '--create-namespace', '--set', 'service.type=NodePort', '--set', 'logs.general.level=WARN']));
      await ok(run(kubectl, ['apply', '-f', '-'], c.env, routes));
      const env = { ...c.env, HELM_BIN: helmVersion === 3 ? helm3 : helm4 };
      const plan = planPath();
      const planned = await helmMigrate(['plan', '--release', 'traefik', '-n', 'traefik', '--to', '41', '--charts-dir', chartsDir, '-o', plan], env);
      expect(planned.code, planned.stderr).toBe(0);
      const saved = parse(readFileSync(plan, 'utf8'));
      expect(saved.stages.map((s: { to: string }) => s.to)).toEqual(['28', '30', '32', '33', '34', '36', '39', '40', '41']);
      for (const s of saved.stages) expect(s.steps.map((x: { type: string }) => x.type)).toEqual(['backup-release', 'apply-crds', 'helm-upgrade-install', 'post-check']);
      expect(saved.preflight.notes.join('\n')).toMatch(/28: 1 IngressRoute\(s\) of traefik\.containo\.us \(default\/legacy-shop\): Traefik v3 ignores this group/);

      const applied = await helmMigrate(['apply', plan, '--yes'], env);
      expect(applied.code, applied.stderr).toBe(0);
      const rel = JSON.parse(await ok(c.helm(4, ['list', '-n', 'traefik', '-o', 'json'])));
      expect(rel.map((r: { chart: string; status: string }) => `${r.chart}:${r.status}`)).toEqual(['traefik-41.3.0:deployed']);
      // The user's routes, in both groups, are there; the CRDs are 41's own definitions.
      expect(c.server.objects.get('traefik.containo.us/v1alpha1', 'ingressroutes', 'default', 'legacy-shop')).toBeDefined();
      expect(c.server.objects.get('traefik.io/v1alpha1', 'ingressroutes', 'default', 'shop')).toBeDefined();
      expect(c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'ingressroutes.traefik.io')?.spec).toEqual(chartCrd('41', 'ingressroutes.traefik.io'));
      // The user's settings went through every stage.
      const values = JSON.parse(await ok(c.helm(4, ['get', 'values', 'traefik', '-n', 'traefik', '-o', 'json'])));
      expect(values.service.spec.type).toBe('NodePort');
      expect(values.log.level).toBe('WARN');
    }, 600_000);
  }

  it('a release of a chart version between two stored ones (25.x) plans from inside the step that spans it', async () => {
    // helm-migrate has no chart 25: the 26.1.0 chart relabelled 25.0.2 stands in for it (its
    // values shape, redirectTo as a map, is 25's too). Only the plan is under test.
    const relabelled = join(mkdtempSync(join(tmpdir(), 'traefik-25-')), 'traefik');
    cpSync(chartPath(traefik, '26', 'traefik'), relabelled, { recursive: true });
    writeFileSync(join(relabelled, 'Chart.yaml'), readFileSync(join(relabelled, 'Chart.yaml'), 'utf8').replace(/^version: 26\.1\.0$/m, 'version: 25.0.2'));
    c = await startCluster();
    await ok(c.helm(4, ['install', 'traefik', relabelled, '-n', 'traefik', '--create-namespace', '--set', 'ports.web.redirectTo.port=websecure']));
    const plan = planPath();
    const planned = await helmMigrate(['plan', '--release', 'traefik', '-n', 'traefik', '--to', '27', '--charts-dir', chartsDir, '-o', plan], { ...c.env, HELM_BIN: helm4 });
    expect(planned.code, planned.stderr).toBe(0);
    const saved = parse(readFileSync(plan, 'utf8'));
    expect(saved.stages.map((s: { from: string; to: string }) => `${s.from}→${s.to}`)).toEqual(['23→26', '26→27']);
    expect(saved.preflight.notes.join('\n')).toMatch(/traefik\/traefik runs traefik 25\.0\.2, between 23 and the next release: its first stage makes only the changes that came after 25\.0\.2/);
    // The redirect, already in 25's shape, is carried as it is (not wrapped again), then to 27.
    const values = (stage: number) => parse(readFileSync(join(`${plan}.d`, saved.stages[stage].steps.find((x: { type: string }) => x.type === 'helm-upgrade-install').values.file), 'utf8'));
    expect(values(0).ports.web.redirectTo).toEqual({ port: 'websecure' });
    expect(values(1).ports.web.redirectTo).toEqual({ port: 'websecure' });
  }, 300_000);

  it('a fleet: three releases of one chart and values in three namespaces plan and apply, each with its own objects', async () => {
    c = await startCluster();
    const namespaces = ['edge-aaa', 'edge-bbb', 'edge-ccc'];
    // One IngressClass per cluster: only the first release has it.
    for (const [i, ns] of namespaces.entries()) {
      await ok(c.helm(4, ['install', 'traefik', chartPath(traefik, '40', 'traefik'), '-n', ns, '--create-namespace', '--set', `ingressClass.enabled=${i === 0}`, '--set', 'ingressClass.isDefaultClass=false', '--skip-crds']));
    }
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    const planned = await helmMigrate(['plan', '--all-namespaces', '--to', '41', '--charts-dir', chartsDir, '-o', plan], env);
    expect(planned.code, planned.stderr).toBe(0);
    const saved = parse(readFileSync(plan, 'utf8'));
    // Every release's own objects, in its own namespace (the second and third share the first's render).
    const deployments = saved.preflight.objects.filter((o: { kind: string }) => o.kind === 'Deployment').map((o: { namespace: string; name: string }) => `${o.namespace}/${o.name}`);
    expect(deployments.sort()).toEqual(namespaces.map((ns) => `${ns}/traefik`));
    const bindings = saved.preflight.objects.filter((o: { kind: string }) => o.kind === 'ClusterRoleBinding').map((o: { name: string }) => o.name);
    expect(bindings.sort()).toEqual(namespaces.map((ns) => `traefik-${ns}`));

    const applied = await helmMigrate(['apply', plan, '--yes'], env);
    expect(applied.code, applied.stderr).toBe(0);
    for (const ns of namespaces) {
      const rel = JSON.parse(await ok(c.helm(4, ['list', '-n', ns, '-o', 'json'])));
      expect(rel.map((r: { chart: string; status: string }) => `${r.chart}:${r.status}`)).toEqual(['traefik-41.3.0:deployed']);
      const binding = c.server.objects.get('rbac.authorization.k8s.io/v1', 'clusterrolebindings', undefined, `traefik-${ns}`) as { subjects?: { namespace?: string }[] } | undefined;
      expect(binding?.subjects?.[0]?.namespace).toBe(ns);
    }
  }, 600_000);

  it('a traefik-crds release is retired on the way to 40: records backed up and deleted first, CRDs kept and disowned, routes intact; rollback brings it back', async () => {
    c = await startCluster();
    const { plan, env } = await plannedRetirement(c, '41');
    const saved = parse(readFileSync(plan, 'utf8'));
    expect(saved.preflight.blocked).toEqual([]);
    // Its records go before its ownership, and both before any CRD is applied.
    expect(saved.stages[0].steps.map((x: { id: string }) => x.id.replace(/^40\/\d+-/, ''))).toEqual([
      'backup-traefik',
      'backup-traefik-crds',
      'delete-records-traefik-crds',
      'disown-traefik-crds',
      'crds-traefik',
      'helm-traefik',
      'post-check',
    ]);
    expect(saved.pins.releases.map((r: { name: string }) => r.name).sort()).toEqual(['traefik', 'traefik-crds']);
    const notes = saved.preflight.notes.join('\n');
    expect(notes).toMatch(/40: release default\/traefik-crds \(traefik-crds 1\.18\.0\) is retired/);
    // Chart 40's crds/ no longer ships the Gateway API: those CRDs stay, unmanaged, and are named.
    expect(notes).toMatch(/CRD\(s\) of default\/traefik-crds come from no chart of the plan \(.*gateways\.gateway\.networking\.k8s\.io/);
    expect(crdOwner(c, 'ingressroutes.traefik.io')).toBe('default/traefik-crds/Helm');

    const applied = await helmMigrate(['apply', plan, '--yes'], env);
    expect(applied.code, applied.stderr).toBe(0);
    await expectRetired(c, '41.3.0');
    expect(c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'ingressroutes.traefik.io')?.spec).toEqual(chartCrd('41', 'ingressroutes.traefik.io'));
    // An uninstall of the old release can no longer reach the CRDs.
    const records = crdsReleaseRecords(c);
    expect((await c.helm(4, ['uninstall', 'traefik-crds', '-n', 'default'])).code).not.toBe(0);
    expect(crdOwner(c, 'ingressroutes.traefik.io')).toBe('//');
    expect(records).toBe(0);

    const rb = await helmMigrate(['rollback', plan, '--yes'], env);
    expect(rb.code, rb.stderr).toBe(0);
    await expectCrdsReleaseBack(c, 1);
  }, 600_000);

  it('CRDs owned by a release of a chart the pack does not retire, or retired only from 40, stop the plan before anything runs', async () => {
    // The same CRDs chart under another name: not one the pack knows to be CRDs only.
    const renamed = join(mkdtempSync(join(tmpdir(), 'crds-chart-')), 'my-crds');
    cpSync(join(chartsDir, 'crds-1.18.0', 'traefik-crds'), renamed, { recursive: true });
    writeFileSync(join(renamed, 'Chart.yaml'), readFileSync(join(renamed, 'Chart.yaml'), 'utf8').replace(/^name: traefik-crds$/m, 'name: my-crds'));
    c = await startCluster();
    await installWithCrdsRelease(c, '39', renamed);
    const before = c.server.log.counts();
    const env = { ...c.env, HELM_BIN: helm4 };
    const planned = await helmMigrate(['plan', '--release', 'traefik', '-n', 'traefik', '--to', '41', '--charts-dir', chartsDir, '-o', planPath()], env);
    expect(planned.code, planned.stderr).toBe(1);
    expect(planned.stderr).toMatch(/BLOCKED \(40\): \d+ CRD\(s\) the plan applies belong to Helm release default\/traefik-crds .*uninstalling it would delete them/);
    expect(planned.stderr).toMatch(/helm\.sh\/resource-policy: keep/);
    const writes = Object.entries(c.server.log.counts()).filter(([k, v]) => /^(create|update|patch|delete) /.test(k) && v !== (before[k] ?? 0));
    expect(writes).toEqual([]);
    await c.stop();

    // traefik-crds itself, on a plan that stops before 40 (the chart still exists there).
    c = await startCluster();
    await installWithCrdsRelease(c, '36');
    const early = await helmMigrate(['plan', '--release', 'traefik', '-n', 'traefik', '--to', '39', '--charts-dir', chartsDir, '-o', planPath()], { ...c.env, HELM_BIN: helm4 });
    expect(early.code, early.stderr).toBe(1);
    expect(early.stderr).toMatch(/BLOCKED \(39\): .*retires traefik-crds releases only on the way to 40 or later/);
  }, 600_000);
});
