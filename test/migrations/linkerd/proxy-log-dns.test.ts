/**
 * Linkerd 2.14 → edge, judged by the real charts: the proxy's DNS resolver is hickory at edge
 * (trust-dns before), so a log filter that quieted `trust_dns` quiets nothing there. The filter
 * the user wrote keeps doing what it did, under the library's new name.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PlainMap } from '../../../src/core/plain.js';
import { toYaml } from '../../../src/values/manifests.js';
import { withPlaceholders } from '../../../src/verify/placeholders.js';
import { migrateText, pack } from '../../helpers/migrate.js';
import { findObject, renderChart } from '../../helpers/render.js';
import { chartPath } from '../../helpers/shared.js';
import { ready as needs } from '../../helpers/prereq.js';

const ready = needs('shared', 'binaries');
const chart = 'linkerd-control-plane';

/** The identity controller's proxy log filter on a release's chart. */
function proxyLog(release: string, values: PlainMap): string {
  const r = renderChart(chartPath(pack, release, chart), toYaml(withPlaceholders(pack, chart, release, values)), { namespace: 'linkerd' });
  expect(r.ok, r.error).toBe(true);
  const identity = findObject(r, 'Deployment', 'linkerd-identity') as unknown as { spec: { template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } } } };
  const proxy = identity.spec.template.spec.containers.find((c) => c.name === 'linkerd-proxy');
  return proxy?.env?.find((e) => e.name === 'LINKERD2_PROXY_LOG')?.value ?? '';
}

describe.skipIf(!ready)('linkerd 2.14 → edge: the proxy log filter for DNS', () => {
  it('a filter naming trust_dns names hickory at edge', () => {
    const input = 'proxy:\n  logLevel: warn,linkerd=info,trust_dns=error\n';
    expect(proxyLog('2.14', parse(input))).toContain('trust_dns=error');
    // Unmigrated, edge would pass a filter for a library the proxy no longer has.
    expect(proxyLog('edge-26.8.3', parse(input))).toContain('trust_dns=error');
    const out = migrateText(input, chart, '2.14', 'edge-26.8.3').files.get(chart) ?? '';
    const after = proxyLog('edge-26.8.3', parse(out) ?? {});
    expect(after).toContain('hickory=error');
    expect(after).not.toContain('trust_dns');
  });

  it('leaves a filter without trust_dns as written', () => {
    const out = migrateText('proxy:\n  logLevel: debug,linkerd=trace\n', chart, '2.14', 'edge-26.8.3').files.get(chart)!;
    expect(parse(out).proxy.logLevel).toBe('debug,linkerd=trace');
  });
});
