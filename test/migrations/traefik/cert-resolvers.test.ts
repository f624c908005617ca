/**
 * Traefik chart 32 → 33, judged by the real charts: the ACME resolver, the environment, the
 * traefik entry point's port and the Ingress status chart 32 rendered are what chart 33
 * renders from the migrated values; chart 33 refuses the old certResolvers and would move the
 * port, turn on publishedService and render POD_NAME twice from the unmigrated values.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikContainer } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('32');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

function effects(r: RenderResult) {
  expect(r.ok, r.error).toBe(true);
  const c = traefikContainer(r)!;
  const args = (c.args as string[]).map((a) => a.toLowerCase());
  return {
    resolver: args.filter((a) => a.startsWith('--certificatesresolvers.')).sort(),
    env: (c.env as { name: string }[]).map((e) => e.name).sort(),
    traefikPort: args.find((a) => a.startsWith('--entrypoints.traefik.address')),
    publishedService: args.some((a) => a.includes('publishedservice')),
  };
}

const input = `certResolvers:
  letsencrypt:
    email: ops@shop.example
    dnsChallenge:
      provider: cloudflare
      resolvers:
        - 1.1.1.1:53
    storage: /data/acme.json
env:
  - name: POD_NAME
    valueFrom:
      fieldRef:
        fieldPath: metadata.name
  - name: POD_NAMESPACE
    valueFrom:
      fieldRef:
        fieldPath: metadata.namespace
  - name: CF_DNS_API_TOKEN
    valueFrom:
      secretKeyRef:
        name: cloudflare
        key: token
`;

describe.skipIf(!ready)('traefik 32 → 33 on the real charts', () => {
  it('the ACME resolver, the environment, the traefik port and the Ingress status stay as chart 32 rendered them', () => {
    const before = effects(render('32', input));
    expect(before.resolver).toContain('--certificatesresolvers.letsencrypt.acme.dnschallenge.provider=cloudflare');
    const out = migrateText(input, 'traefik', '32', '33', { pack: traefik }).files.get('traefik')!;
    expect(effects(render('33', out))).toEqual(before);
    expect(render('33', input).error).toMatch(/certResolvers setting has been removed/);
    const unmigrated = effects(render('33', input.replace(/^certResolvers:[\s\S]*?(?=env:)/, '')));
    expect(unmigrated.env.filter((n) => n === 'POD_NAME')).toHaveLength(2);
    expect(unmigrated.traefikPort).toMatch(/:8080/);
    expect(unmigrated.publishedService).toBe(true);
  });

  it('after the whole chain the resolver and the environment still render on 41', () => {
    const out = migrateText(input, 'traefik', '32', '41', { pack: traefik }).files.get('traefik')!;
    const on41 = effects(render('41', out));
    const before = effects(render('32', input));
    expect(on41.resolver).toEqual(before.resolver);
    expect(on41.env).toEqual(expect.arrayContaining(before.env)); // 41 adds variables of its own
    expect(on41.traefikPort).toBe(before.traefikPort);
  });
});
