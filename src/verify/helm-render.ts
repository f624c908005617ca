/**
 * Renders a pack's chart with the real helm for `--verify`: from a local folder (`--charts-dir`)
 * or straight from the chart's repository (`--repo URL --version V`, no `helm repo add` needed).
 * Values travel in a private temporary file, removed afterwards: they may hold key material.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pack } from '../core/types.js';
import type { Helm } from '../helm/cli.js';
import { chartArgs, findChart } from '../plan/chart-source.js';
import { readRendered } from './read-render.js';
import type { Render } from './verify.js';

export function helmRenderer(helm: Helm, pack: Pack, chartsDir?: string): Render {
  return async ({ chart, release, values, namespace }) => {
    const source = chartArgs(findChart(pack, chart, release, chartsDir));
    const dir = mkdtempSync(join(tmpdir(), 'helm-migrate-verify-'));
    try {
      const file = join(dir, 'values.json');
      writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
      const apis = (pack.renderApiVersions ?? []).flatMap((a) => ['--api-versions', a]);
      const out = await helm.run(['template', chart, ...source, '--namespace', namespace, ...apis, '-f', file], { cluster: false });
      return readRendered(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

