/**
 * How a render is read into fields. Prometheus rules are a list whose order means nothing: a
 * chart that adds or reorders rules must not turn every rule after it into a changed field.
 */
import { describe, expect, it } from 'vitest';
import { effectsOf, flatten } from '../../src/verify/effects.js';

const rule = (rules: Record<string, unknown>[]) => flatten([{ kind: 'PrometheusRule', metadata: { name: 'r' }, spec: { groups: [{ name: 'g', rules }] } }]);

describe('Prometheus rules', () => {
  const a = { alert: 'KubeAPIDown', expr: 'absent(up{job="apiserver"} == 1)', for: '15m' };
  const b = { record: 'namespace_cpu:kube_pod_container_resource_requests:sum', expr: 'sum(x)' };
  const c = { record: 'namespace_cpu:kube_pod_container_resource_requests:sum', expr: 'sum(y)' };

  it('are keyed by the alert or record they define, a repeated name by its count', () => {
    const fields = rule([a, b, c]).get('PrometheusRule/r')!;
    expect(fields.get('spec.groups[g].rules[KubeAPIDown].for')).toBe('15m');
    expect(fields.get('spec.groups[g].rules[namespace_cpu:kube_pod_container_resource_requests:sum#2].expr')).toBe('sum(y)');
  });

  it('a rule added in front changes nothing of the others', () => {
    const added = { alert: 'KubeAPITerminatedRequests', expr: 'z', for: '5m' };
    const effects = effectsOf(rule([a, b]), rule([added, a, b]));
    expect(effects.map((e) => e.field).sort()).toEqual(['spec.groups[g].rules[KubeAPITerminatedRequests].alert', 'spec.groups[g].rules[KubeAPITerminatedRequests].expr', 'spec.groups[g].rules[KubeAPITerminatedRequests].for']);
  });
});

describe('a JSON document on one line', () => {
  const dashboard = (editable: boolean, panels: string[]) => flatten([{ kind: 'ConfigMap', metadata: { name: 'd' }, data: { 'k8s.json': JSON.stringify({ editable, panels: panels.map((title) => ({ title })) }) } }], { parseEmbedded: () => undefined });

  it('is read field by field, so one setting in a dashboard is one field', () => {
    const effects = effectsOf(dashboard(true, ['CPU', 'Memory']), dashboard(false, ['CPU', 'Memory', 'Network']));
    expect(effects.map((e) => `${e.field}: ${e.before} → ${e.after}`)).toEqual(['data.k8s.json|.editable: true → false', 'data.k8s.json|.panels[2].title: undefined → Network']);
  });
});

describe('an empty JSON document on one line', () => {
  it('stays a value: a file provider\'s empty configuration is still there', () => {
    const cm = (text: string) => flatten([{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'config.yml': text } }], { parseEmbedded: () => undefined });
    expect(cm('{}').get('ConfigMap/c')!.get('data.config.yml')).toBe('{}');
  });
});
