/**
 * Traefik chart 26 → 27, judged by the real charts: the ports each Service exposes (the main
 * one and the internal one) are the same on chart 27 from the migrated values; from the
 * unmigrated values chart 27 fails on `expose: true`, and without `expose` it drops the internal
 * Service (Helm would delete it on upgrade).
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('26');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

/** Service name → its type and the ports it exposes. */
function services(r: RenderResult): Record<string, string> {
  expect(r.ok, r.error).toBe(true);
  const out: Record<string, string> = {};
  for (const s of r.objects.filter((o) => o.kind === 'Service')) {
    const spec = (s as unknown as { spec: { type?: string; ports: { name: string; port: number }[] } }).spec;
    out[s.metadata.name] = `${spec.type ?? 'ClusterIP'} ${spec.ports.map((p) => `${p.name}:${p.port}`).sort().join(',')}`;
  }
  return out;
}

const input = `ports:
  web:
    expose: true
  metrics:
    exposeInternal: true
service:
  internal:
    type: ClusterIP
    labels:
      tier: internal
`;

describe.skipIf(!ready)('traefik 26 → 27 on the real charts', () => {
  it('every Service keeps its ports (the internal one included); unmigrated, chart 27 fails or drops the internal Service', () => {
    const before = services(render('26', input));
    expect(Object.keys(before).sort()).toEqual(['traefik', 'traefik-internal']);
    const out = migrateText(input, 'traefik', '26', '27', { pack: traefik }).files.get('traefik')!;
    expect(services(render('27', out))).toEqual(before);
    expect(render('27', input).error).toMatch(/can't index item of type bool/);
    expect(Object.keys(services(render('27', input.replace('    expose: true\n', ''))))).toEqual(['traefik']);
  });

  it('the chain to 41 keeps the internal Service and its ports', () => {
    const out = migrateText(input, 'traefik', '26', '41', { pack: traefik }).files.get('traefik')!;
    const on41 = services(render('41', out));
    expect(on41['traefik-internal']).toBe(services(render('26', input))['traefik-internal']);
  });
});
