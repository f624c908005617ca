/**
 * Traefik chart 28 → 30, the dashboard IngressRoute's `kubernetes.io/ingress.class` annotation,
 * judged by the real charts. Chart 28 wrote `ingressClass.name` (or the release's full name)
 * there; Traefik's CRD provider processes only IngressRoutes whose annotation equals its
 * `ingressClass`, or, with none set, those without one or with `traefik`. So a dashboard route
 * labelled `internal` was never served. Chart 30 writes `providers.kubernetesCRD.ingressClass`
 * there, or nothing: the same route is served after the upgrade. The values cannot carry the old
 * label (chart 30 has no key for it), so the migration must say so, naming how to keep it off.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { findObject, type RenderResult } from '../../helpers/render.js';
import { hasTraefikChart, renderTraefik, traefik } from '../../helpers/traefik.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('28') && hasTraefikChart('30');

function dashboardClass(r: RenderResult): string | undefined {
  expect(r.ok, r.error).toBe(true);
  const route = findObject(r, 'IngressRoute', 'traefik-dashboard');
  expect(route, 'the dashboard IngressRoute is rendered').toBeDefined();
  return route!.metadata.annotations?.['kubernetes.io/ingress.class'];
}

/** Whether Traefik's CRD provider processes an object with this annotation (its documented rule). */
const served = (annotation: string | undefined, providerClass: string | undefined) => (providerClass ? annotation === providerClass : [undefined, '', 'traefik'].includes(annotation));

const notes = (text: string) => migrateText(text, 'traefik', '28', '30', { pack: traefik }).of('note').map((n) => n.text).filter((t) => t.includes('ingressRoute.dashboard'));

describe.skipIf(!ready)('traefik 28 → 30: a dashboard route Traefik ignored starts being served', () => {
  it.each([
    ['ingressClass.name that Traefik does not process', 'ingressClass:\n  name: internal\n', undefined],
    ['ingressClass.name other than the provider class', 'ingressClass:\n  name: internal\nproviders:\n  kubernetesCRD:\n    ingressClass: edge\n', 'edge'],
  ])('%s: the migration warns, naming ingressRoute.dashboard.enabled', (_, input, providerClass) => {
    const before = dashboardClass(renderTraefik('28', input));
    expect(served(before, providerClass)).toBe(false);
    const out = migrateText(input, 'traefik', '28', '30', { pack: traefik });
    const after = dashboardClass(renderTraefik('30', out.files.get('traefik')!));
    expect(served(after, providerClass)).toBe(true);
    const said = notes(input);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/ingressClass\.name/);
    expect(said[0]).toMatch(/ingressRoute\.dashboard\.enabled: false/);
  });

  it('with the label from the release name, which a values file does not hold: said as a condition', () => {
    // Rendered as release `traefik`, the label is `traefik` and served; another release name is not.
    expect(served(dashboardClass(renderTraefik('28', '')), undefined)).toBe(true);
    const said = migrateText('', 'traefik', '28', '30', { pack: traefik }).of('note').filter((n) => n.text.includes('ingressRoute.dashboard'));
    expect(said.map((n) => n.severity)).toEqual(['info']);
    expect(said[0].text).toMatch(/the release's full name>; unless that is 'traefik'/);
  });

  it.each([
    ['the name Traefik processes', 'ingressClass:\n  name: traefik\n'],
    ['the provider class', 'ingressClass:\n  name: edge\nproviders:\n  kubernetesCRD:\n    ingressClass: edge\n'],
    ['no annotation (ingressClass off)', 'ingressClass:\n  enabled: false\n  name: internal\n'],
    ['no dashboard route', 'ingressClass:\n  name: internal\ningressRoute:\n  dashboard:\n    enabled: false\n'],
  ])('served as before with %s: nothing said', (_, input) => {
    const providerClass = /kubernetesCRD:\n\s+ingressClass: (\S+)/.exec(input)?.[1];
    const r28 = renderTraefik('28', input);
    const had = findObject(r28, 'IngressRoute', 'traefik-dashboard');
    if (had) expect(served(had.metadata.annotations?.['kubernetes.io/ingress.class'], providerClass)).toBe(true);
    expect(notes(input)).toEqual([]);
  });
});
