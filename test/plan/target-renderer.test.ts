/**
 * The planner's shared renders: releases that differ only in namespace get the objects helm
 * renders for each of them, whether the render is shared (the namespace is plain text in the
 * chart) or not (the chart hashes it), with real helm and the real charts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helmAdapter } from '../../src/helm/cli.js';
import { TargetRenderer, type RenderRequest } from '../../src/plan/target-renderer.js';
import { helm4 } from '../helpers/binaries.js';
import { ready } from '../helpers/prereq.js';
import { chartPath } from '../helpers/shared.js';
import { traefik } from '../helpers/traefik.js';

const work = mkdtempSync(join(tmpdir(), 'hm-renderer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const helm = () => helmAdapter({ env: { ...process.env, HELM_BIN: helm4 } });
// Shared renders are for groups of three or more namespaces of one length (names get truncated).
const namespaces = ['ingress-01', 'ingress-02', 'team-alpha', 'team-bravo'];

/** The same release rendered in each namespace, once through the cache and once each on its own. */
async function both(chart: string, values: string, nss = namespaces) {
  const requests: RenderRequest[] = nss.map((namespace) => ({ id: { name: 'traefik', namespace }, chart: { ref: chart, chartVersion: 'x' }, values }));
  const shared = new TargetRenderer(helm(), work);
  const viaCache = await shared.renderAll(requests);
  const alone = new TargetRenderer(helm(), work);
  const direct = await Promise.all(requests.map((r) => alone.render(r)));
  return { viaCache, direct, renders: shared.renders };
}

describe.skipIf(!ready('shared', 'binaries'))('target renderer', () => {
  it('shares one render of Traefik 41 across namespaces, and gives each namespace what helm renders for it', async () => {
    const values = 'ports:\n  web:\n    expose:\n      default: true\nservice:\n  annotations:\n    team: edge\n';
    const { viaCache, direct, renders } = await both(chartPath(traefik, '41', 'traefik'), values);
    expect(viaCache).toEqual(direct);
    // Two renders prove the namespace substitutes; none per release.
    expect(renders).toBe(2);
    expect(viaCache.map((objs) => objs.find((o) => o.kind === 'Deployment')!.metadata.namespace)).toEqual(namespaces);
    const sa = viaCache[1].find((o) => o.kind === 'ServiceAccount')!;
    expect(sa.metadata.namespace).toBe(namespaces[1]);
    const binding = viaCache[2].find((o) => o.kind === 'ClusterRoleBinding')!;
    expect(JSON.stringify(binding)).toContain(`"namespace":"${namespaces[2]}"`);
  });

  it('copies only what holds the namespace: the rest is one object shared by the releases, never changed', async () => {
    const requests: RenderRequest[] = namespaces.map((namespace) => ({ id: { name: 'traefik', namespace }, chart: { ref: chartPath(traefik, '41', 'traefik'), chartVersion: 'x' }, values: '' }));
    const renderer = new TargetRenderer(helm(), work);
    const first = await renderer.renderAll(requests);
    const deployments = first.map((objs) => objs.find((o) => o.kind === 'Deployment')!);
    // The update strategy holds no namespace: one object for all; the labels (instance) hold it.
    const spec = (d: object) => (d as { spec: { strategy: object; selector: object } }).spec;
    expect(new Set(deployments.map((d) => spec(d).strategy)).size).toBe(1);
    expect(new Set(deployments.map((d) => spec(d).selector)).size).toBe(namespaces.length);
    // The same group again, from the same shared render: as helm renders each namespace.
    const again = await renderer.renderAll(requests.slice().reverse());
    const alone = new TargetRenderer(helm(), work);
    expect(again).toEqual(await Promise.all(requests.slice().reverse().map((r) => alone.render(r))));
    expect(renderer.renders).toBe(2);
  });

  it('renders each release on its own when the namespace is long enough for the chart to truncate names', async () => {
    const long = ['a', 'b', 'c'].map((c) => `${c}-${'n'.repeat(61)}`);
    const { viaCache, direct, renders } = await both(chartPath(traefik, '41', 'traefik'), '', long);
    expect(viaCache).toEqual(direct);
    expect(renders).toBe(2 + long.length);
  });

  it('renders each release on its own when the chart does more with the namespace than print it', async () => {
    const chart = join(work, 'hashes');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: hashes\nversion: 1.0.0\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  id: {{ .Release.Namespace | sha256sum | trunc 8 }}\n  short: {{ printf "%s-%s" .Release.Name .Release.Namespace | trunc 20 | quote }}\n');
    const { viaCache, direct, renders } = await both(chart, '');
    expect(viaCache).toEqual(direct);
    expect(new Set(viaCache.map((objs) => (objs[0] as { data?: { id?: string } }).data?.id)).size).toBe(namespaces.length);
    expect(renders).toBe(2 + namespaces.length);
  });

  it('does not substitute a namespace YAML would read as something other than text', async () => {
    const { viaCache, direct, renders } = await both(chartPath(traefik, '41', 'traefik'), '', ['1e300000', 'edge-one', 'edge-two', 'edge-ttt']);
    expect(viaCache).toEqual(direct);
    // `1e300000` (a number in YAML) is rendered on its own; the other three share.
    expect(renders).toBe(3);
  });
});
