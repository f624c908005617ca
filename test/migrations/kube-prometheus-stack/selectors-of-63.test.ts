/**
 * kube-prometheus-stack 54 → 64 turns chart 63's selectors back (see 54-to-64.ts). Only what 63
 * wrote is rewritten: a selector the user left empty on another chart is theirs, and reads the
 * same on 64, so it stays and nothing is reported dropped.
 */
import { describe, expect, it } from 'vitest';
import { chart, kubePrometheusStack as pack } from '../../helpers/kube-prometheus-stack.js';
import { migrateText } from '../../helpers/migrate.js';

describe('kube-prometheus-stack 54 → 64: chart 63\'s selectors', () => {
  it('an empty selector of a 54 file stays, unreported', () => {
    const input = 'prometheus:\n  prometheusSpec:\n    serviceMonitorSelector: {}\n    retention: 10d\n';
    const r = migrateText(input, chart, '54', '64', { pack });
    expect(r.files.get(chart)).toBe(input);
    expect(r.of('dropped')).toEqual([]);
  });

  it('chart 63\'s null matchLabels becomes the switch, and the selector it leaves empty goes with it', () => {
    const r = migrateText('prometheus:\n  prometheusSpec:\n    serviceMonitorSelector:\n      matchLabels: null\n', chart, '63.1.0', '64', { pack });
    expect(r.files.get(chart)).toBe('prometheus:\n  prometheusSpec:\n    serviceMonitorSelectorNilUsesHelmValues: false\n');
  });
});
