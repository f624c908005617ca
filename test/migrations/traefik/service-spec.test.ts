/**
 * Traefik chart 39 → 40, judged by the real charts: the Services chart 39 rendered from the
 * input (main and additional, type, external IPs, families) are the Services chart 40 renders
 * from the migrated values, where the input itself would turn a NodePort Service into a
 * LoadBalancer and an additional LoadBalancer into a ClusterIP; the NGINX provider keeps running.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';
import { container, findObject, type RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('39');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

/** Each Service's spec without what the chart computes (selector, ports), by name. */
function serviceSpecs(r: RenderResult): Record<string, Record<string, unknown>> {
  expect(r.ok, r.error).toBe(true);
  const out: Record<string, Record<string, unknown>> = {};
  for (const o of r.objects.filter((x) => x.kind === 'Service')) {
    const { selector: _s, ports: _p, ...spec } = (o as unknown as { spec: Record<string, unknown> }).spec;
    // No type written means what Kubernetes defaults it to.
    out[o.metadata.name] = { type: 'ClusterIP', ...spec };
  }
  return out;
}

const providerArgs = (r: RenderResult) => traefikArgs(r).filter((a) => a.startsWith('--providers.')).sort();

const input = `# shop ingress (chart 39)
service:
  type: NodePort   # behind the hardware LB
  externalIPs:
    - 203.0.113.10
  ipFamilyPolicy: PreferDualStack
  ipFamilies: [IPv4, IPv6]
  loadBalancerSourceRanges:
    - 10.0.0.0/8
  additionalServices:
    internal:
      labels:
        tier: internal
      loadBalancerSourceRanges:
        - 192.168.0.0/16
    private:
      type: ClusterIP
providers:
  kubernetesIngressNginx:
    enabled: true
ports:
  web:
    expose:
      internal: true
      private: true
`;

describe.skipIf(!ready)('traefik 39 → 40 on the real charts', () => {
  it('every Service keeps its type and fields; the unmigrated values would change them', () => {
    const before = serviceSpecs(render('39', input));
    expect(before['traefik'].type).toBe('NodePort');
    expect(before['traefik-internal'].type).toBe('LoadBalancer');
    const out = migrateText(input, 'traefik', '39', '40', { pack: traefik }).files.get('traefik')!;
    expect(serviceSpecs(render('40', out))).toEqual(before);
    expect(out).toContain('    type: NodePort # behind the hardware LB\n');
    const unmigrated = serviceSpecs(render('40', input.replace(/kubernetesIngressNginx/, 'kubernetesIngressNGINX')));
    expect(unmigrated['traefik'].type).toBe('LoadBalancer');
    expect(unmigrated['traefik-internal'].type).toBe('ClusterIP');
  });

  it('the NGINX ingress provider keeps running under its new name; the old name is refused', () => {
    const before = providerArgs(render('39', input));
    expect(before.join(' ')).toMatch(/--providers\.kubernetesingressnginx/);
    const out = migrateText(input, 'traefik', '39', '40', { pack: traefik }).files.get('traefik')!;
    // Traefik reads its flags case-insensitively; chart 40 also spells out more of the provider's defaults.
    const after = providerArgs(render('40', out)).map((a) => a.toLowerCase());
    expect(after).toEqual(expect.arrayContaining(before.map((a) => a.toLowerCase())));
    expect(render('40', input).error).toMatch(/kubernetesIngressNginx/);
  });

  it('a pinned proxy older than v3.6 (which chart 40 refuses) is dropped and reported; the chain goes on to 41', () => {
    const old = 'image:\n  tag: v3.5.3\nservice:\n  type: ClusterIP\nlogs:\n  general:\n    level: INFO\n';
    expect(render('40', old.replace('service:\n  type: ClusterIP\n', '')).error).toMatch(/only supports Traefik Proxy v3\.6\.0\+/);
    const r = migrateText(old, 'traefik', '39', '41', { pack: traefik });
    const out = r.files.get('traefik')!;
    expect(r.of('dropped').find((d) => d.path === 'image.tag')?.why).toMatch(/older than v3\.6\.0/);
    const rendered = render('41', out);
    expect(serviceSpecs(rendered)['traefik'].type).toBe('ClusterIP');
    expect(providerArgs(rendered).length).toBeGreaterThan(0);
    expect((container(findObject(rendered, 'Deployment', 'traefik'), 'traefik')?.args as string[])).toContain('--log.level=INFO');
  });
});
