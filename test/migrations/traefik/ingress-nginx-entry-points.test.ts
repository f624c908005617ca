/**
 * Traefik chart 39 → 40 on the real charts: chart 40 passes every kubernetesIngressNGINX value as
 * a flag, among them two new defaults (httpEntryPoint: web, httpsEntryPoint: websecure) that
 * narrow the provider's Ingresses to those entry points, where chart 39 left Traefik's own
 * default (every entry point). A user who enabled the provider keeps what they had.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('39') && hasTraefikChart('40');
const entryPointFlags = (release: string, values: string) => {
  const r = renderTraefik(release, values);
  expect(r.ok, r.error).toBe(true);
  return traefikArgs(r).filter((a) => /^--providers\.kubernetesingressnginx\.https?entrypoint=/i.test(a));
};

describe.skipIf(!ready)('traefik 39 → 40: the ingress-nginx provider\'s entry points', () => {
  const input = 'providers:\n  kubernetesIngressNginx:\n    enabled: true\n';

  it('an enabled provider keeps serving on every entry point, and the report says how to narrow it', () => {
    expect(entryPointFlags('39', input)).toEqual([]);
    // Unmigrated (the key renamed by hand), chart 40 narrows it.
    expect(entryPointFlags('40', input.replace('kubernetesIngressNginx', 'kubernetesIngressNGINX'))).toEqual([
      '--providers.kubernetesingressnginx.httpEntryPoint=web',
      '--providers.kubernetesingressnginx.httpsEntryPoint=websecure',
    ]);
    const r = migrateText(input, 'traefik', '39', '40', { pack: traefik });
    expect(entryPointFlags('40', r.files.get('traefik')!)).toEqual([]);
    expect(r.of('note').map((n) => n.text).join('\n')).toMatch(/httpEntryPoint/);
  });

  it('a provider left off gets nothing', () => {
    const r = migrateText('providers:\n  kubernetesIngressNginx:\n    enabled: false\n', 'traefik', '39', '40', { pack: traefik });
    expect(r.files.get('traefik')).not.toMatch(/EntryPoint/);
  });
});
