/**
 * Nothing added: values an old chart ignored and a later one reads would switch something on
 * that the user never had, if carried over. Each case renders the real source chart (the
 * effect is absent), migrates, and renders the real target chart (the effect must still be
 * absent, and the report must say why the value went and how to turn it on). Carried over as
 * the old code did, the value takes effect and the test fails.
 */
import { describe, expect, it } from 'vitest';
import type { PlainMap } from '../../src/core/plain.js';
import { toYaml } from '../../src/values/manifests.js';
import { withPlaceholders } from '../../src/verify/placeholders.js';
import { migrateText, pack as linkerd } from '../helpers/migrate.js';
import { renderChart, type RenderResult } from '../helpers/render.js';
import { ready as needs } from '../helpers/prereq.js';
import { chartPath } from '../helpers/shared.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../helpers/traefik.js';

const ready = needs('shared', 'binaries');

function renderLinkerd(release: string, values: PlainMap): RenderResult {
  const r = renderChart(chartPath(linkerd, release, 'linkerd2'), toYaml(withPlaceholders(linkerd, 'linkerd2', release, values)), { namespace: 'linkerd' });
  expect(r.ok, r.error).toBe(true);
  return r;
}

const proxyLogFormats = (r: RenderResult) => [...r.text.matchAll(/name: LINKERD2_PROXY_LOG_FORMAT\s+value: "?(\w+)/g)].map((m) => m[1]);

function dropped(m: ReturnType<typeof migrateText>, path: string): string {
  const d = m.of('dropped').find((x) => x.path.includes(path));
  expect(d, `${path} reported as dropped`).toBeDefined();
  return d!.why ?? '';
}

describe.skipIf(!ready)('nothing added: values the old chart ignored do not wake up', () => {
  it('linkerd 2.8 → 2.9: global.proxy.logFormat: json, ignored by 2.8, would switch every proxy to JSON logs on 2.9', () => {
    const input = { global: { proxy: { logFormat: 'json', logLevel: 'warn' } } };
    expect(proxyLogFormats(renderLinkerd('2.8', input))).toEqual([]);
    const m = migrateText(toYaml(input), 'linkerd2', '2.8', '2.9');
    const out = m.result.outputs.find((o) => o.chart === 'linkerd2')!.doc.toPlain() as PlainMap;
    expect(proxyLogFormats(renderLinkerd('2.9', out)).filter((f) => f !== 'plain')).toEqual([]);
    expect(dropped(m, 'global.proxy.logFormat')).toMatch(/2\.8 ignored it.*from 2\.9 .*JSON.*Set .* again/);
    // The setting the old chart did read is kept.
    expect((out as any).global.proxy.logLevel).toBe('warn');
  });

  it.skipIf(!hasTraefikChart('36'))('traefik 36 → 41: api.insecure and api.debug, ignored up to 39.0.0, would serve the API insecurely from 39.0.9', () => {
    const input = 'api:\n  insecure: true\n  debug: true\n  dashboard: true\nlogs:\n  general:\n    level: INFO\n  access:\n    enabled: true\ndeployment:\n  replicas: 2\nservice:\n  type: NodePort\ningressRoute:\n  dashboard:\n    enabled: false\n';
    const before = traefikArgs(renderTraefik('36', input));
    expect(before.filter((a) => /^--api\.(insecure|debug)/.test(a))).toEqual([]);
    const m = migrateText(input, 'traefik', '36', '41', { pack: traefik });
    const after = traefikArgs(renderTraefik('41', m.files.get('traefik')!));
    expect(after.filter((a) => /^--api\.(insecure|debug)=true/.test(a))).toEqual([]);
    expect(dropped(m, 'api.insecure')).toMatch(/ignored.*takes effect/);
    expect(dropped(m, 'api.debug')).toMatch(/ignored.*takes effect/);
    // What chart 36 did read stays.
    expect(after).toContain('--api.dashboard=true');
  });

  it.skipIf(!hasTraefikChart('27'))('traefik 27 → 41: providers.kubernetesIngress.ingressEndpoint, ignored until 40 (refused by 39\'s schema), would publish a status address', () => {
    const input = 'providers:\n  kubernetesIngress:\n    ingressEndpoint:\n      ip: 1.2.3.4\n';
    expect(traefikArgs(renderTraefik('27', input)).filter((a) => /ingressendpoint/i.test(a))).toEqual([]);
    for (const to of ['41', '39']) {
      const m = migrateText(input, 'traefik', '27', to, { pack: traefik });
      const r = renderTraefik(to, m.files.get('traefik')!);
      expect(r.ok, `${to}: ${r.error}`).toBe(true);
      expect(traefikArgs(r).filter((a) => /ingressendpoint\.ip/i.test(a)), to).toEqual([]);
      expect(dropped(m, 'providers.kubernetesIngress.ingressEndpoint')).toMatch(/ignored.*40.*Ingress status/);
    }
  });

  it('linkerd 2.14 → edge: proxy.resources now sizes linkerd-init too, which no value can undo: the report says so', () => {
    const input = { proxy: { resources: { memory: { limit: '250Mi', request: '64Mi' } } } };
    const init = (release: string, values: PlainMap) => {
      const r = renderChart(chartPath(linkerd, release, 'linkerd-control-plane'), toYaml(withPlaceholders(linkerd, 'linkerd-control-plane', release, values)), { namespace: 'linkerd' });
      expect(r.ok, r.error).toBe(true);
      const c = r.objects.filter((o) => o.kind === 'Deployment').flatMap((o: any) => o.spec.template.spec.initContainers ?? []).find((x: any) => x.name === 'linkerd-init');
      return c?.resources?.limits?.memory;
    };
    // The effect the note is about, on the real charts: 2.14 kept linkerd-init at its own default.
    expect(init('2.14', input)).toBe('20Mi');
    const m = migrateText(toYaml(input), 'linkerd-control-plane', '2.14', 'latest');
    expect(init(m.result.to.id, m.result.outputs[0].doc.toPlain() as PlainMap)).toBe('250Mi');
    expect(m.of('note').map((n) => n.text).join('\n')).toMatch(/linkerd-init containers from proxy\.resources \(memory limit 250Mi, memory request 64Mi\).*no value sizes them apart/);
  });

  it.skipIf(!hasTraefikChart('32'))('traefik 32 → 33: an enabled Gateway provider starts publishing a status address, which no value of 33–40 can turn off: the report says so', () => {
    const input = 'providers:\n  kubernetesGateway:\n    enabled: true\n';
    const status = (r: RenderResult) => traefikArgs(r).filter((a) => /statusaddress/i.test(a));
    expect(status(renderTraefik('32', input))).toEqual([]);
    const m = migrateText(input, 'traefik', '32', '33', { pack: traefik });
    // The effect the note is about, on the real chart.
    expect(status(renderTraefik('33', m.files.get('traefik')!)).length).toBeGreaterThan(0);
    expect(m.of('note').map((n) => n.text).join('\n')).toMatch(/from chart 33 Traefik also publishes its Service's addresses in the status of every Gateway.*statusAddress\.service\.enabled: false/);
    // Not said where the provider is off.
    expect(migrateText('deployment:\n  replicas: 2\n', 'traefik', '32', '33', { pack: traefik }).of('note').map((n) => n.text).join('\n')).not.toMatch(/status of every Gateway/);
  });
});
