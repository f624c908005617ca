/**
 * From chart 39 the values schema refuses keys it does not know (at the top level, in each
 * ports entry, under providers…). A key an older chart silently ignored (globalArguments on 36)
 * would make the migrated file fail to install: it is dropped, and said so, and the file renders
 * on the real target chart with everything else kept.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { findObject } from '../../helpers/render.js';
import { hasTraefikChart, renderTraefik, traefik } from '../../helpers/traefik.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('36') && hasTraefikChart('41');

describe.skipIf(!ready)('keys the target chart\'s schema refuses', () => {
  it('a key chart 36 already ignored is dropped on the way to 41, which would refuse it; the rest renders', () => {
    const input = 'deployment:\n  replicas: 3 # three zones\nglobalArguments:\n  - "--serverstransport.insecureskipverify=true"\n';
    // Chart 36 renders it (ignoring globalArguments); chart 41 refuses the unmigrated file.
    expect(renderTraefik('36', input).ok).toBe(true);
    expect(renderTraefik('41', input).error).toMatch(/additional properties 'globalArguments' not allowed/);
    const r = migrateText(input, 'traefik', '36', '41', { pack: traefik });
    const out = r.files.get('traefik')!;
    expect(out).toBe('deployment:\n  replicas: 3 # three zones\n');
    const rendered = renderTraefik('41', out);
    expect(rendered.ok, rendered.error).toBe(true);
    expect((findObject(rendered, 'Deployment', 'traefik') as { spec?: { replicas?: number } }).spec?.replicas).toBe(3);
    const dropped = r.of('dropped') as { path: string; why: string; severity: string }[];
    expect(dropped).toContainEqual(expect.objectContaining({ path: 'globalArguments', severity: 'warning', why: expect.stringMatching(/traefik 41\.3\.0's values schema refuses it/) }));
    expect(r.of('unknown-key')).toEqual([]);
  });

  it('a key inside a closed section (a ports entry) goes too; a key the schema allows stays even where the defaults do not list it', () => {
    const input = 'ports:\n  web:\n    port: 8000\n    bogus: 1\n';
    expect(renderTraefik('41', input).error).toMatch(/additional properties 'bogus' not allowed/);
    const r = migrateText(input, 'traefik', '40', '41', { pack: traefik });
    expect(r.files.get('traefik')).toBe('ports:\n  web:\n    port: 8000\n');
    expect(renderTraefik('41', r.files.get('traefik')!).ok).toBe(true);
  });
});
