/**
 * `helm-migrate values --verify` end to end: the built CLI, the real helm 4 binary, the real
 * charts from ../shared. A migration that keeps everything exits 0; one that loses a setting
 * exits 7 and names it as `object field: before → after`; key material never appears.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { helm4 } from '../helpers/binaries.js';
import { runCli } from '../helpers/cli.js';
import { schema, validate } from '../helpers/json-schema.js';
import { chartsDir, repoRoot } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';

const ready = needs('shared', 'binaries', 'build');

const example = join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml');
const env = { HELM_BIN: helm4 };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hm-verify-'));
});

const verify = (file: string, from: string, to: string, extra: string[] = []) =>
  runCli(['values', file, '--chart', 'linkerd2', '--from', from, '--to', to, '--out-dir', join(dir, 'out'), '--verify', '--charts-dir', chartsDir, ...extra], { env, cwd: dir });

describe.skipIf(!ready)('helm-migrate values --verify', () => {
  it('exits 0 and says so when every customization is in force on the target charts', () => {
    const file = join(dir, 'ha.yaml');
    writeFileSync(file, 'controllerReplicas: 3\nenablePodAntiAffinity: true\nproxy:\n  logLevel: warn,linkerd=debug\n');
    const r = verify(file, '2.11', '2.12');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/All \d+ customizations are in force after the migration/);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['linkerd-control-plane.values.yaml', 'linkerd-crds.values.yaml']);
  });

  it('exits 7 and lists what did not survive, grouped, without key material', () => {
    const r = verify(example, '2.9', '2.14');
    expect(r.code, r.stderr).toBe(7);
    const text = r.stderr;
    // The 2.9 chart traced the control plane's own proxies to the collector; 2.14 only with controlPlaneTracing.
    expect(text).toContain('Not reported by the migration:');
    expect(text).toMatch(/Deployment\/linkerd-identity \S+env\[LINKERD2_PROXY_TRACE_COLLECTOR_SVC_ADDR\]\.value: otel-collector\.tracing:55678 → \(absent\)/);
    expect(text).toMatch(/Dropped on purpose \(identity\.issuer\.crtExpiry: /);
    // What survived is not listed: the dashboard replicas, the log level, the trust anchor.
    expect(text).not.toMatch(/Deployment\/(linkerd-)?web spec\.replicas/);
    expect(text).not.toContain('LINKERD2_PROXY_LOG');
    expect(text).not.toMatch(/TRUST_ANCHORS/);
    for (const secret of ['MHcCAQEEIExampleIssuerPrivateKeyNotRealDoNotUseAnywhere0123456789o', 'MIIBwDCCAWagAwIBAgIQExampleIssuerCertificateNotReal0wCgYIKoZIzj0EAw']) {
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
    // The files are written all the same: the verification is a review, not a veto.
    expect(existsSync(join(dir, 'out', 'linkerd-control-plane.values.yaml'))).toBe(true);
  });

  it('puts the verification in the JSON report, in the documented shape', () => {
    const r = verify(example, '2.9', '2.14', ['--output', 'json']);
    expect(r.code).toBe(7);
    const report = JSON.parse(r.stdout);
    expect(validate(schema('values-report.v1.json'), report)).toEqual([]);
    expect(report.verify.checked).toBeGreaterThan(100);
    expect(report.verify.lost).toEqual(expect.arrayContaining([expect.objectContaining({ object: 'Deployment/linkerd-identity', before: 'otel-collector.tracing:55678', after: '(absent)' })]));
    expect(JSON.stringify(report)).not.toContain('MHcCAQEEIExampleIssuerPrivateKey');
  });

  it('what the migrated values add is listed under the note that says it, and the run passes', () => {
    // 2.11 always held the destination controller until its proxy was ready; 2.12 follows proxy.await.
    const file = join(dir, 'await.yaml');
    writeFileSync(file, 'proxy:\n  await: false\n');
    const r = verify(file, '2.11', '2.12');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Starts to take effect, as the migration says \(proxy\.await: false now reaches the control plane/);
    expect(r.stderr).toMatch(/Deployment\/linkerd-destination \S+postStart\.exec\.command\[\]=\/usr\/lib\/linkerd\/linkerd-await: \/usr\/lib\/linkerd\/linkerd-await → \(absent\)/);
    const json = JSON.parse(verify(file, '2.11', '2.12', ['--output', 'json']).stdout);
    expect(validate(schema('values-report.v1.json'), json)).toEqual([]);
    expect(json.verify.added).toEqual(expect.arrayContaining([expect.objectContaining({ object: 'Deployment/linkerd-proxy-injector', said: expect.stringContaining('proxy.await: false') })]));
  });

  it('an addition nobody said fails the run with exit 7, the files written all the same', () => {
    // No pair of stored charts has an unexplained addition left, so a stand-in for helm plays
    // one: the old chart ignores controllerReplicas (as a dormant value is ignored), the new
    // ones render it.
    const fake = join(dir, 'helm');
    writeFileSync(
      fake,
      `#!/usr/bin/env node
const fs = require('fs');
const a = process.argv.slice(2);
const values = JSON.parse(fs.readFileSync(a[a.indexOf('-f') + 1], 'utf8'));
const replicas = a[1] === 'linkerd2' ? undefined : values.controllerReplicas;
console.log(JSON.stringify({ kind: 'Deployment', metadata: { name: 'linkerd-destination' }, spec: replicas === undefined ? {} : { replicas } }));
`,
      { mode: 0o755 },
    );
    const file = join(dir, 'replicas.yaml');
    writeFileSync(file, 'controllerReplicas: 3\n');
    const r = runCli(['values', file, '--chart', 'linkerd2', '--from', '2.11', '--to', '2.12', '--out-dir', join(dir, 'out'), '--verify', '--charts-dir', chartsDir], { env: { HELM_BIN: fake }, cwd: dir });
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/1 setting the migrated values add, which your values did not do before/);
    expect(r.stderr).toMatch(/Not said by the migration:\n  Deployment\/linkerd-destination spec\.replicas: \(absent\) → 3/);
    expect(existsSync(join(dir, 'out', 'linkerd-control-plane.values.yaml'))).toBe(true);
  });

  it('a chart it cannot render: one line naming it, exit 1, nothing written', () => {
    const r = runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--out-dir', join(dir, 'out'), '--verify', '--charts-dir', dir], { env, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('helm-migrate:'))).toEqual([expect.stringMatching(/chart linkerd2 2\.9\.5 .* not found under/)]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('without --charts-dir, charts come straight from the pack\'s repositories (--repo URL --version V, no helm repo add)', () => {
    // No network here: a stand-in for helm that fails, quoting the arguments it was given.
    const fake = join(dir, 'helm');
    writeFileSync(fake, '#!/bin/sh\necho "Error: offline: $*" >&2\nexit 1\n', { mode: 0o755 });
    const r = runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--out-dir', join(dir, 'out'), '--verify'], { env: { HELM_BIN: fake }, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^helm-migrate: helm template: offline: template linkerd2 linkerd2 --repo https:\/\/helm\.linkerd\.io\/stable --version 2\.9\.5 --namespace linkerd -f \S+values\.json$/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--charts-dir without --verify is a usage error', () => {
    const r = runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--charts-dir', chartsDir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--charts-dir only tells --verify where the charts are/);
  });

  it('keeps plain `values` free of execa (verification loads it only when asked)', () => {
    const r = runCli(['values', example, '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--out-dir', join(dir, 'out')], { cwd: dir, spy: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages).toContain('yaml');
    expect(r.packages.filter((p) => /execa/.test(p))).toEqual([]);
    expect(readFileSync(join(dir, 'out', 'linkerd2.values.yaml'), 'utf8')).toContain('clusterDomain');
  });
});
