/**
 * Machine output keeps its published shape: `values --output json` and the `list` output against
 * docs/schemas/. (The plan and apply schemas are checked in the cluster tests, where they run.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { schema, validate } from '../helpers/json-schema.js';
import { repoRoot } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';


describe.skipIf(!needs('build'))('machine output', () => {
  it('values --output json matches values-report.v1.json, with YAML inside when no file is written', () => {
    const r = runCli(['values', join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(validate(schema('values-report.v1.json'), out)).toEqual([]);
    expect(out.outputs.map((o: any) => o.chart)).toEqual(['linkerd-crds', 'linkerd-control-plane', 'linkerd-viz']);
    expect(out.outputs[1].yaml).toContain('clusterDomain: &domain k8s.example.internal');
    expect(out.steps).toHaveLength(6);
    expect(r.stderr).toBe('');
  });

  it('a start between two stored charts says its chart version beside the release it starts from', () => {
    const r = runCli(['values', '-', '--chart', 'traefik', '--from', '38.0.2', '--to', '39', '--output', 'json'], { input: 'ports:\n  web:\n    redirections:\n      entryPoint:\n        to: websecure\n' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(validate(schema('values-report.v1.json'), out)).toEqual([]);
    expect([out.from, out.fromChartVersion, out.to]).toEqual(['36', '38.0.2', '39']);
    expect(out.outputs[0].yaml).toBe('ports:\n  web:\n    http:\n      redirections:\n        entryPoint:\n          to: websecure\n');
  });

  it('a schema check notices a changed shape', () => {
    const report = JSON.parse(runCli(['values', join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--output', 'json']).stdout);
    expect(validate(schema('values-report.v1.json'), { ...report, extra: 1 })).toEqual(['$: unexpected extra']);
    const { changed: _, ...missing } = report;
    expect(validate(schema('values-report.v1.json'), missing)).toEqual(['$: missing changed']);
  });

  it('--check --output json says whether work remains, for CI', () => {
    const r = runCli(['values', join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--check', '--output', 'json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).changed).toBe(true);
  });

  it('list --output json is versioned', () => {
    const r = runCli(['list', '--output', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, kind: 'pack-list' });
    expect(out.packs[0].steps).toHaveLength(7);
    // Every pack is listed from its own index: Traefik's twelve steps, no code of its own here.
    expect(out.packs.map((p: { name: string }) => p.name)).toEqual(['linkerd', 'traefik', 'kube-prometheus-stack']);
    expect(out.packs[1].steps).toHaveLength(12);
    expect(out.packs[2].steps).toHaveLength(12);
  });
});
