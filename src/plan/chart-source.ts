/**
 * Where a target chart comes from: a local folder (`--charts-dir DIR`, laid out as
 * `DIR/<chart>`, `DIR/<version>/<chart>` or `DIR/<chart>-<version>/<chart>`), or the pack's
 * repository by URL (`CHART --repo URL --version V`), which needs no `helm repo add`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import { repositoryFor } from '../core/repositories.js';
import type { Pack } from '../core/types.js';

export interface ChartSource {
  /** What to give helm: a folder, or the chart's name in `repo`. */
  ref: string;
  /** Repository URL (`--repo`), for charts not in a local folder. */
  repo?: string;
  /** `--version` for repository charts. */
  version?: string;
  chartVersion: string;
}

/** helm's arguments naming the chart: `FOLDER`, or `CHART --repo URL --version V`. */
export function chartArgs(c: { ref: string; repo?: string; version?: string }): string[] {
  return [c.ref, ...(c.repo ? ['--repo', c.repo] : []), ...(c.version ? ['--version', c.version] : [])];
}

function chartNameAndVersion(dir: string): { name?: string; version?: string } {
  try {
    const text = readFileSync(join(dir, 'Chart.yaml'), 'utf8');
    const name = /^name:\s*"?([^"\n]+)"?\s*$/m.exec(text)?.[1]?.trim();
    const version = /^version:\s*"?([^"\n]+)"?\s*$/m.exec(text)?.[1]?.trim();
    return { name, version };
  } catch (err) {
    // No chart in this candidate folder: try the next. A Chart.yaml that exists but cannot be
    // read is a problem of its own, not "not found".
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    throw new HelmMigrateError('file-unreadable', `${join(dir, 'Chart.yaml')}: cannot read (${code ?? (err as Error).message})`, { cause: err });
  }
}

export function findChart(pack: Pack, chart: string, releaseId: string, chartsDir?: string): ChartSource {
  const release = pack.releases.find((r) => r.id === releaseId)!;
  const snap = pack.snapshot(releaseId).charts[chart];
  const chartVersion = snap?.chartVersion ?? release.version;
  if (chartsDir) {
    const root = resolve(chartsDir);
    const candidates = [join(root, release.version, chart), join(root, release.id, chart), join(root, release.dir ?? release.version, chart)];
    if (existsSync(root)) {
      for (const d of readdirSync(root)) if (d.startsWith(`${chart}-`)) candidates.push(join(root, d, chart));
    }
    candidates.push(join(root, chart));
    for (const dir of candidates) {
      const meta = chartNameAndVersion(dir);
      if (meta.name !== chart) continue;
      // A bare DIR/<chart> must be the version this stage needs.
      if (dir === join(root, chart) && meta.version !== chartVersion && !pack.charts.find((c) => c.name === chart)?.independentVersions) continue;
      return { ref: dir, chartVersion: meta.version ?? chartVersion };
    }
    throw new HelmMigrateError('target-chart-not-found', `chart ${chart} ${chartVersion} (${pack.title} ${releaseId}) not found under ${root}; expected ${join(root, release.version, chart)} or ${join(root, chart)}`);
  }
  return { ref: chart, repo: repositoryFor(pack, chart, releaseId).url, version: chartVersion, chartVersion };
}
