/**
 * kube-prometheus-stack's rule switches (`defaultRules.rules.<group>: false`) on the real charts.
 * The render comparison sees objects, and a switch the chart split moves its rules into objects
 * of new names that the new chart's defaults render too, so it sees nothing there. This test
 * reads what Prometheus reads, the names of the alerts and recording rules: with every switch of
 * the old chart turned off, the migrated values on the new chart may run no rule the old chart
 * did not, besides rules the new chart brings of its own (absent from the old chart's defaults).
 * The unmigrated file, rendered on the new chart, must fail the same check where a switch split.
 */
import { describe, expect, it } from 'vitest';
import { isPlainMap } from '../../../src/core/plain.js';
import { chart, hasKpsChart, kubePrometheusStack as pack, renderKps } from '../../helpers/kube-prometheus-stack.js';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import type { K8sObject } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && pack.releases.every((r) => hasKpsChart(r.id));

/** Every alert and recording rule the chart renders, by name. */
function ruleNames(release: string, values: string): Set<string> {
  const r = renderKps(release, values);
  expect(r.ok, r.error).toBe(true);
  const names = new Set<string>();
  for (const o of r.objects.filter((x: K8sObject) => x.kind === 'PrometheusRule')) {
    for (const g of ((o.spec as { groups?: { rules?: { alert?: string; record?: string }[] }[] })?.groups ?? [])) {
      for (const rule of g.rules ?? []) names.add(rule.alert ? `alert ${rule.alert}` : `record ${rule.record}`);
    }
  }
  return names;
}

/** Every rule switch of the release's chart, turned off. */
function allOff(release: string): string {
  const rules = pack.snapshot(release).charts[chart].defaults.defaultRules;
  const switches = isPlainMap(rules) && isPlainMap(rules.rules) ? Object.keys(rules.rules).filter((k) => typeof (rules.rules as Record<string, unknown>)[k] === 'boolean') : [];
  return `defaultRules:\n  rules:\n${switches.map((s) => `    ${s}: false\n`).join('')}`;
}

/** Rules the target runs that the source, switched off, did not, and that are no new rule of the target chart's. */
function extra(from: string, to: string, offValues: string, targetValues: string): string[] {
  const off = ruleNames(from, offValues);
  const sourceDefault = ruleNames(from, '');
  const own = [...ruleNames(to, '')].filter((n) => !sourceDefault.has(n));
  return [...ruleNames(to, targetValues)].filter((n) => !off.has(n) && !own.includes(n)).sort();
}

/** The steps whose charts split a switch: unmigrated, a group switched off comes back there. */
const splits = new Set(['40→41', '52→54']);

describe.skipIf(!ready)('kube-prometheus-stack rule switches, on the real charts', () => {
  it.concurrent.each(pack.migrations.map((m) => [`${m.from}→${m.to}`, m.from, m.to] as const))('%s: no rule switched off comes back', async (step, from, to) => {
    const input = allOff(from);
    const migrated = migrateText(input, chart, from, to, { pack }).files.get(chart)!;
    expect(extra(from, to, input, migrated)).toEqual([]);
    if (splits.has(step)) expect(extra(from, to, input, input).length, 'the unmigrated file').toBeGreaterThan(0);
  });
});
