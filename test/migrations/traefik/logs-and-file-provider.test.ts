/**
 * Traefik chart 40 → 41, judged by the real charts: the user's logging and file-provider
 * settings, rendered by 40.3.0 from the input, are rendered by 41.3.0 from the migrated values,
 * while the input itself is refused by 41.3.0's schema. Upstream's own sample (read from
 * ../shared, never copied) migrates to values that render exactly like upstream's expected file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { migrateText } from '../../helpers/migrate.js';
import { present, ready as needs } from '../../helpers/prereq.js';
import { findObject, type RenderResult } from '../../helpers/render.js';
import { sharedDir } from '../../helpers/shared.js';
import { renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';

const upstream = join(sharedDir, 'charts', 'traefik', 'upstream-migrate-v41.3.0');
const ready = needs('shared', 'binaries') && present(upstream, 'the upstream v40 → v41 migrator');
// What upstream's check passes too: the OTLP log options exist only behind this flag.
const otlp = ['experimental.otlpLogs=true'];

const render = (release: string, values: string): RenderResult => renderTraefik(release, values, { set: otlp });
const migrate = (values: string) => {
  const r = migrateText(values, 'traefik', '40', '41', { pack: traefik });
  return { text: r.files.get('traefik')!, result: r };
};

/** The Traefik container's logging and file-provider arguments, and the file provider's configuration. */
function effects(r: RenderResult): { args: string[]; fileConfig?: unknown } {
  expect(r.ok, r.error).toBe(true);
  const args = traefikArgs(r).filter((a) => /^--(log|accesslog|providers\.file)/.test(a)).sort();
  const cm = findObject(r, 'ConfigMap', 'traefik-file-provider') as { data?: Record<string, string> } | undefined;
  return { args, fileConfig: cm?.data?.['config.yml'] };
}

describe.skipIf(!ready)('traefik 40 → 41 on the real charts', () => {
  it('upstream\'s sample: the migrated values render exactly as upstream\'s expected values, comments kept', () => {
    const sample = readFileSync(join(upstream, 'sample-v40-values.yaml'), 'utf8');
    const { text } = migrate(sample);
    const ours = render('41', text);
    const theirs = render('41', readFileSync(join(upstream, 'expected-v41-values.yaml'), 'utf8'));
    expect(ours.ok, ours.error).toBe(true);
    expect(ours.text).toBe(theirs.text);
    // What upstream's yq loses or moves, kept where the user wrote it.
    expect(text.startsWith('# Migration fixture — exercises every breaking key')).toBe(true);
    expect(text).toContain('# unrelated key, must pass through untouched\nservice:\n  type: LoadBalancer\n');
  });

  it('every logging setting the 40 chart rendered from the input, the 41 chart renders from the output; the input alone is refused', () => {
    const input = `logs:
  general:
    level: WARN
    format: json
    noColor: true
  access:
    enabled: true
    format: json
    bufferingSize: 100
    filters:
      statuscodes: "400-599"
      retryattempts: true
      minduration: 25ms
    fields:
      general:
        defaultmode: drop
        names:
          ClientHost: keep
      headers:
        defaultmode: keep
        names:
          User-Agent: redact
      queryParameters:
        defaultmode: drop
`;
    const before = effects(render('40', input));
    expect(before.args).toContain('--log.level=WARN');
    expect(before.args).toContain('--accesslog.filters.statuscodes=400-599');
    const { text } = migrate(input);
    expect(effects(render('41', text)).args).toEqual(before.args);
    const refused = render('41', input);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/additional properties 'logs' not allowed/);
  });

  it('the file provider\'s configuration: the same file from a string (40) and from the map it became (41)', () => {
    const input = `providers:
  file:
    enabled: true
    # routes kept outside the cluster's CRDs
    content: |
      http:
        middlewares:
          compress:
            compress: {}
        routers:
          api:
            rule: PathPrefix(\`/api\`)
            middlewares: [compress]
            service: api
`;
    const before = effects(render('40', input));
    expect(before.fileConfig).toMatch(/rule: PathPrefix\(`\/api`\)/);
    const { text } = migrate(input);
    expect(text).toContain('    # routes kept outside the cluster\'s CRDs\n    content:\n      http:\n');
    const after = effects(render('41', text));
    // The same configuration, whatever the layout toYaml gives each.
    expect(parse(String(after.fileConfig))).toEqual(parse(String(before.fileConfig)));
    expect(render('41', input).error).toMatch(/content.*(want object|expected object|got string)/i);
  });

  it('file content that is not one YAML mapping is dropped with what to do, never guessed', () => {
    const { text, result } = migrate('providers:\n  file:\n    enabled: true\n    content: |\n      [http.routers.api]\n        rule = "PathPrefix(`/api`)"\n');
    expect(text).not.toContain('content');
    expect(result.of('dropped')).toEqual([expect.objectContaining({ path: 'providers.file.content', severity: 'warning', why: expect.stringMatching(/not one YAML mapping.*write it under providers\.file\.content as YAML/) })]);
    expect(render('41', text).ok).toBe(true);
  });
});
