/**
 * Traefik chart 30 → 32, judged by the real charts: the access-log format and the providers'
 * empty-Service behaviour chart 30 rendered are what chart 32 renders from the migrated values;
 * chart 32 refuses `CLF` and, unmigrated, would turn allowEmptyServices on.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('30');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

/** Access-log format and allowEmptyServices as Traefik sees them (`CLF` and `common` are one format). */
function effects(r: RenderResult) {
  expect(r.ok, r.error).toBe(true);
  const args = traefikArgs(r).map((a) => a.toLowerCase());
  return {
    format: args.find((a) => a.startsWith('--accesslog.format'))?.replace('=clf', '=common'),
    emptyServices: args.filter((a) => a.includes('allowemptyservices')).sort(),
  };
}

const input = 'logs:\n  access:\n    enabled: true\n    format: CLF\n';

describe.skipIf(!ready)('traefik 30 → 32 on the real charts', () => {
  it('the access-log format and the empty-Service behaviour stay; 32 refuses CLF and would allow empty Services', () => {
    const before = effects(render('30', input));
    expect(before.format).toBe('--accesslog.format=common');
    const out = migrateText(input, 'traefik', '30', '32', { pack: traefik }).files.get('traefik')!;
    expect(effects(render('32', out))).toEqual(before);
    expect(render('32', input).error).toMatch(/value must be one of 'common', 'json'/);
    expect(effects(render('32', input.replace('CLF', 'common'))).emptyServices.join(' ')).toMatch(/allowemptyservices=true/);
  });
});
