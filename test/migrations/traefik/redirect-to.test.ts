/**
 * Traefik chart 33 → 34, judged by the real charts: the redirection and tracing attributes
 * chart 33 rendered from `redirectTo` and `tracing.globalAttributes` are rendered by chart 34
 * from the migrated values (which it refuses in the old form), and by 41 after the whole chain.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('33');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

/** Redirection and tracing-attribute flags, lowercased (Traefik reads flags case-insensitively). */
function flags(r: RenderResult): string[] {
  expect(r.ok, r.error).toBe(true);
  const args = traefikArgs(r);
  return args.filter((a) => /redirections|tracing\.(global|resource)attributes/i.test(a)).map((a) => a.toLowerCase().replace('globalattributes', 'resourceattributes')).sort();
}

const input = `ports:
  web:
    redirectTo:
      port: websecure
      priority: 10
      permanent: true
tracing:
  otlp:
    enabled: true
  globalAttributes:
    env: prod
`;

describe.skipIf(!ready)('traefik 33 → 34 on the real charts', () => {
  it('the redirection (https, priority, permanent) and the tracing attributes keep rendering; chart 34 refuses the old form', () => {
    const before = flags(render('33', input));
    expect(before).toContain('--entrypoints.web.http.redirections.entrypoint.scheme=https');
    expect(before).toContain('--tracing.resourceattributes.env=prod');
    const out = migrateText(input, 'traefik', '33', '34', { pack: traefik }).files.get('traefik')!;
    expect(flags(render('34', out))).toEqual(before);
    // Each old form refused on its own: redirectTo by the chart's check, globalAttributes by the schema.
    expect(render('34', input.replace(/tracing:[\s\S]*$/, '')).error).toMatch(/redirectTo syntax has been removed in v34 of this Chart/);
    expect(render('34', input.replace(/^ports:[\s\S]*?(?=tracing:)/, '')).error).toMatch(/additional properties 'globalAttributes' not allowed/);
    const on41 = migrateText(input, 'traefik', '33', '41', { pack: traefik }).files.get('traefik')!;
    expect(flags(render('41', on41))).toEqual(before);
  });

  it('a non-permanent redirect stays non-permanent (chart 34 renders permanent whenever the key exists)', () => {
    const out = migrateText('ports:\n  web:\n    redirectTo:\n      port: websecure\n', 'traefik', '33', '34', { pack: traefik }).files.get('traefik')!;
    expect(out).not.toContain('permanent');
    expect(flags(render('34', out))).toEqual(flags(render('33', 'ports:\n  web:\n    redirectTo:\n      port: websecure\n')));
  });
});
