/**
 * Traefik chart 33 → 34, the Gateway status address, judged by the real charts: 33 ran the
 * Service name and namespace through tpl, 34 writes them as they are (and derives them itself
 * when empty). The old templated defaults are dropped and 34 renders the same flags; a custom
 * template is kept, with a warning, because 34 would render it literally.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('33') && hasTraefikChart('34');
const statusFlags = (release: string, values: string) => {
  const r = renderTraefik(release, values);
  expect(r.ok, r.error).toBe(true);
  return traefikArgs(r).filter((a) => a.includes('statusaddress.service'));
};

describe.skipIf(!ready)('traefik 33 → 34: the Gateway status address Service', () => {
  it('the old templated defaults go and chart 34 renders the same Service', () => {
    const input = 'providers:\n  kubernetesGateway:\n    enabled: true\n    statusAddress:\n      service:\n        name: "{{ (include \\"traefik.fullname\\" .) }}"\n        namespace: "{{ .Release.Namespace }}"\n';
    const before = statusFlags('33', input);
    expect(before).toEqual(['--providers.kubernetesgateway.statusaddress.service.name=traefik', '--providers.kubernetesgateway.statusaddress.service.namespace=traefik']);
    const r = migrateText(input, 'traefik', '33', '34', { pack: traefik });
    expect(r.files.get('traefik')).not.toContain('{{');
    expect(statusFlags('34', r.files.get('traefik')!)).toEqual(before);
    // Unmigrated, chart 34 writes the template text, quotes and all, into the Deployment: it does not render.
    expect(renderTraefik('34', input).error).toMatch(/did not find expected '-' indicator/);
  });

  it('a custom template is kept with a warning: chart 34 would write it as it is', () => {
    const input = 'providers:\n  kubernetesGateway:\n    enabled: true\n    statusAddress:\n      service:\n        name: "{{ .Release.Name }}-external"\n        namespace: edge\n';
    expect(statusFlags('33', input)[0]).toBe('--providers.kubernetesgateway.statusaddress.service.name=traefik-external');
    const r = migrateText(input, 'traefik', '33', '34', { pack: traefik });
    expect(r.of('note').map((n: { text: string }) => n.text).join('\n')).toMatch(/statusAddress\.service\.name holds a template .*chart 34 no longer renders templates there/);
    expect(statusFlags('34', r.files.get('traefik')!)[0]).toBe('--providers.kubernetesgateway.statusaddress.service.name={{ .Release.Name }}-external');
  });
});
