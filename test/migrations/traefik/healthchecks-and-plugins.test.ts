/**
 * Traefik chart 23 → 26, judged by the real charts: the probes' port and scheme, the
 * redirection and the plugins chart 23 rendered are rendered by chart 26 from the migrated
 * values; from the unmigrated values chart 26 fails (redirectTo, plugins) or probes another port.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikContainer } from '../../helpers/traefik.js';
import { findObject, type RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('23');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

function effects(r: RenderResult) {
  expect(r.ok, r.error).toBe(true);
  const c = traefikContainer(r)!;
  const args = (c.args as string[]).map((a) => a.toLowerCase());
  return {
    probes: [c.readinessProbe?.httpGet, c.livenessProbe?.httpGet].map((g: { port?: unknown; scheme?: string } | undefined) => `${g?.port}/${g?.scheme}`),
    redirect: args.filter((a) => a.includes('redirections')).sort(),
    plugins: args.filter((a) => a.startsWith('--experimental.plugins')).sort(),
  };
}

const input = `ports:
  traefik:
    healthchecksPort: 9001
    healthchecksScheme: HTTPS
  web:
    redirectTo: websecure
experimental:
  plugins:
    enabled: true
additionalArguments:
  - "--experimental.plugins.sablier.modulename=github.com/acouvreur/sablier"
  - "--experimental.plugins.sablier.version=v1.4.0"
  - "--log.level=DEBUG"
`;

describe.skipIf(!ready)('traefik 23 → 26 on the real charts', () => {
  it('probes, the redirection and the plugin keep rendering; unmigrated, chart 26 fails', () => {
    const before = effects(render('23', input));
    expect(before.probes).toEqual(['9001/HTTPS', '9001/HTTPS']);
    expect(before.plugins).toContain('--experimental.plugins.sablier.version=v1.4.0');
    const out = migrateText(input, 'traefik', '23', '26', { pack: traefik }).files.get('traefik')!;
    expect(effects(render('26', out))).toEqual(before);
    expect(out).toContain('additionalArguments:\n  - "--log.level=DEBUG"\n');
    expect(render('26', input).error).toMatch(/redirectTo|plugin/);
  });

  it('a literal {{ in a pod annotation stays literal: chart 26 renders annotations as templates and fails on it unescaped', () => {
    const annotated = 'deployment:\n  podAnnotations:\n    note: "keep {{ braces }}"\n';
    const podAnnotations = (r: RenderResult) => {
      expect(r.ok, r.error).toBe(true);
      return (findObject(r, 'Deployment', 'traefik') as unknown as { spec: { template: { metadata: { annotations?: Record<string, string> } } } }).spec.template.metadata.annotations?.note;
    };
    expect(podAnnotations(render('23', annotated))).toBe('keep {{ braces }}');
    expect(render('26', annotated).error).toMatch(/function "braces" not defined/);
    const out = migrateText(annotated, 'traefik', '23', '26', { pack: traefik }).files.get('traefik')!;
    expect(podAnnotations(render('26', out))).toBe('keep {{ braces }}');
  });
});
