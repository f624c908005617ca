/**
 * helm-migrate as a Helm plugin, installed with the real helm 3 and helm 4 into a temporary
 * plugin home: `helm migrate --help` and a values migration through Helm.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helm3, helm4 } from '../helpers/binaries.js';
import { run } from '../helpers/cluster.js';
import { repoRoot } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';

describe.skipIf(!needs('binaries', 'build'))('the Helm plugin', () => {
  for (const [name, bin] of [['helm 3', helm3], ['helm 4', helm4]] as const) {
    it(`${name}: installs from the repository and runs helm migrate`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'hm-plugin-'));
      const env = { PATH: process.env.PATH, HOME: home, HELM_DATA_HOME: join(home, 'data'), HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' };
      const install = await run(bin, ['plugin', 'install', repoRoot], env);
      expect(install.code, install.stderr).toBe(0);
      expect((await run(bin, ['plugin', 'list'], env)).stdout).toMatch(/^migrate\s+0\.1\.0/m);
      const help = await run(bin, ['migrate', '--help'], env);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('helm-migrate: move a Helm installation');
      const out = join(home, 'out');
      const migrated = await run(bin, ['migrate', 'values', join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), '--chart', 'linkerd2', '--from', '2.9', '--to', '2.12', '--out-dir', out], env);
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['linkerd-control-plane.values.yaml', 'linkerd-crds.values.yaml', 'linkerd-jaeger.values.yaml', 'linkerd-viz.values.yaml']);
      expect(parse(readFileSync(join(out, 'linkerd-control-plane.values.yaml'), 'utf8')).clusterDomain).toBe('k8s.example.internal');
      // The short form the project promises: `helm migrate values.yaml --from 2.9 --to 2.10`, chart inferred.
      const short = await run(bin, ['migrate', join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), '--from', '2.9', '--to', '2.10', '--out-dir', join(home, 'short')], env);
      expect(short.code, short.stderr).toBe(0);
      expect(short.stderr).toMatch(/chart: linkerd2 \(inferred from \d+ of \d+ keys/);
      expect(readdirSync(join(home, 'short')).sort()).toEqual(['linkerd-jaeger.values.yaml', 'linkerd-viz.values.yaml', 'linkerd2.values.yaml']);
      // Any pack: a Traefik file, chart inferred, from a chart version of a major without a snapshot.
      const traefik = join(home, 'traefik.yaml');
      writeFileSync(traefik, 'ports:\n  web:\n    redirectTo:\n      port: websecure\n');
      const t = await run(bin, ['migrate', traefik, '--from', '25.0.0', '--to', '41', '-o', join(home, 'traefik-41.yaml')], env);
      expect(t.code, t.stderr).toBe(0);
      expect(parse(readFileSync(join(home, 'traefik-41.yaml'), 'utf8')).ports.web.http.redirections.entryPoint).toMatchObject({ to: 'websecure', scheme: 'https' });
    });
  }
});
