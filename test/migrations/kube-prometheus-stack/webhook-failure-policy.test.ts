/**
 * kube-prometheus-stack 42 → 44: the admission webhooks' failure policy, as it is at run time.
 * Chart 42 renders the webhook configurations with `failurePolicy: Ignore` while the certificate
 * patch job is on, and the job then patches them to `admissionWebhooks.failurePolicy` (default
 * Fail): live, they fail closed. Chart 44 renders the value when set and passes the job an empty
 * policy when not, so with nothing set they stay Ignore. The upstream notes advise dropping a
 * copied `Fail`; that, and doing nothing, both turn the webhooks fail-open.
 */
import { describe, expect, it } from 'vitest';
import { chart, hasKpsChart, kubePrometheusStack as pack, renderKps } from '../../helpers/kube-prometheus-stack.js';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import type { K8sObject } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasKpsChart('42') && hasKpsChart('44');

/** The policy the webhooks have once the patch job ran: the job's flag when it sets one, else the rendered one. */
function livePolicy(release: string, values: string): string[] {
  const r = renderKps(release, values);
  expect(r.ok, r.error).toBe(true);
  const job = r.objects.find((o) => o.kind === 'Job' && o.metadata.name.endsWith('-admission-patch'));
  const args = ((job?.spec as { template: { spec: { containers: { args: string[] }[] } } })?.template.spec.containers[0].args ?? []) as string[];
  const patched = args.find((a) => a.startsWith('--patch-failure-policy='))?.split('=')[1];
  return r.objects
    .filter((o: K8sObject) => /WebhookConfiguration$/.test(o.kind))
    .flatMap((o) => ((o as unknown as { webhooks: { failurePolicy: string }[] }).webhooks ?? []).map((w) => (patched ? patched : w.failurePolicy)));
}

describe.skipIf(!ready)('kube-prometheus-stack 42 → 44: the webhooks\' failure policy at run time', () => {
  it.each([
    ['nothing set', ''],
    ['the copied default', 'prometheusOperator:\n  admissionWebhooks:\n    failurePolicy: Fail\n'],
  ])('%s: the webhooks still fail closed', (_, input) => {
    expect(livePolicy('42', input)).toEqual(['Fail', 'Fail']);
    // Unmigrated, chart 44 leaves them open when nothing is set.
    if (input === '') expect(livePolicy('44', input)).toEqual(['Ignore', 'Ignore']);
    const r = migrateText(input, chart, '42', '44', { pack });
    expect(livePolicy('44', r.files.get(chart)!)).toEqual(['Fail', 'Fail']);
  });

  it('a chosen Ignore stays Ignore', () => {
    const input = 'prometheusOperator:\n  admissionWebhooks:\n    failurePolicy: Ignore\n';
    expect(livePolicy('42', input)).toEqual(['Ignore', 'Ignore']);
    expect(livePolicy('44', migrateText(input, chart, '42', '44', { pack }).files.get(chart)!)).toEqual(['Ignore', 'Ignore']);
  });
});
