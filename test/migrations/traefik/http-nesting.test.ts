/**
 * Traefik chart 36 → 39, judged by the real charts: the entry points' redirections, TLS and
 * middlewares, the Gateway listener's allowed namespaces and the Gateway provider's label
 * selector that chart 36 rendered from the input, chart 39 renders from the migrated values,
 * while chart 39's strict schema refuses the input.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('36');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

/** The user's entry-point, provider and Gateway settings as the charts render them (flags case-insensitive). */
function effects(r: RenderResult): { args: string[]; listeners: unknown } {
  expect(r.ok, r.error).toBe(true);
  const args = traefikArgs(r)
    .filter((a) => /^--(entryPoints\.(web|websecure)\.http|providers\.kubernetesgateway\.labelselector)/i.test(a))
    .map((a) => a.toLowerCase())
    .sort();
  const gateway = r.objects.find((o) => o.kind === 'Gateway') as { spec?: { listeners?: unknown } } | undefined;
  return { args, listeners: gateway?.spec?.listeners };
}

const input = `ports:
  web:
    # everything to https
    redirections:
      entryPoint:
        to: websecure
        scheme: https
        permanent: true
  websecure:
    tls:
      enabled: true
      certResolver: letsencrypt
      domains:
        - main: shop.example
    middlewares:
      - traefik-compress@kubernetescrd
gateway:
  listeners:
    web:
      port: 8000
      protocol: HTTP
      namespacePolicy: All
providers:
  kubernetesGateway:
    enabled: true
    labelselector: "app=shop"
rbac:
  secretResourceNames: [shop-tls]
`;

describe.skipIf(!ready)('traefik 36 → 39 on the real charts', () => {
  it('every entry-point, Gateway and provider setting chart 36 rendered, chart 39 renders; the input alone is refused', () => {
    const before = effects(render('36', input));
    expect(before.args).toContain('--entrypoints.websecure.http.tls.certresolver=letsencrypt');
    expect(before.listeners).toEqual([expect.objectContaining({ allowedRoutes: { namespaces: { from: 'All' } } })]);
    const r = migrateText(input, 'traefik', '36', '39', { pack: traefik });
    const out = r.files.get('traefik')!;
    expect(effects(render('39', out))).toEqual(before);
    expect(out).toContain('  web:\n    # everything to https\n    http:\n      redirections:\n');
    expect(r.of('dropped').map((d) => d.path)).toEqual(['rbac.secretResourceNames']);
    expect(render('39', input).error).toMatch(/additional properties '(redirections|tls|middlewares|labelselector|secretResourceNames)' not allowed|namespacePolicy/);
  });
});
