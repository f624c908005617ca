/**
 * Traefik chart 20 → 23, judged by the real charts: the image chart 20 ran (registry in
 * image.name) and the volume permissions it gave are what chart 23 renders from the migrated
 * values; unmigrated, chart 23 pulls docker.io/traefik and drops fsGroup.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikContainer } from '../../helpers/traefik.js';
import { findObject, type RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('20');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

function effects(r: RenderResult) {
  expect(r.ok, r.error).toBe(true);
  const d = findObject(r, 'Deployment', 'traefik') as unknown as { spec: { template: { spec: { securityContext?: { fsGroup?: number } } } } };
  return { image: traefikContainer(r)?.image, fsGroup: d.spec.template.spec.securityContext?.fsGroup };
}

const input = `image:
  name: quay.io/acme/traefik
  tag: v2.9.6
persistence:
  enabled: true
hub:
  enabled: false
`;

describe.skipIf(!ready)('traefik 20 → 23 on the real charts', () => {
  it('the same image (from the user\'s registry; chart 20\'s own tag gives way to 23\'s) and the same volume permissions; unmigrated, chart 23 pulls another image and drops fsGroup', () => {
    const before = effects(render('20', input));
    expect(before).toEqual({ image: 'quay.io/acme/traefik:v2.9.6', fsGroup: 65532 });
    const r = migrateText(input, 'traefik', '20', '23', { pack: traefik });
    const out = r.files.get('traefik')!;
    expect(effects(render('23', out))).toEqual({ image: 'quay.io/acme/traefik:v2.10.4', fsGroup: 65532 });
    expect(r.of('dropped').find((d) => d.path === 'image.tag')?.why).toMatch(/pinned 20's own version/);
    expect(effects(render('23', input))).toEqual({ image: 'docker.io/traefik:v2.9.6', fsGroup: undefined });
    expect(r.of('dropped').map((d) => d.path)).toContain('hub.enabled');
  });

  it('after the whole chain to 41 the image stays the user\'s registry mirror (its old tag gives way to the chart\'s own v3)', () => {
    const out = migrateText(input, 'traefik', '20', '41', { pack: traefik }).files.get('traefik')!;
    const on41 = effects(render('41', out));
    expect(on41.image).toMatch(/^quay\.io\/acme\/traefik:v3\./);
  });
});
