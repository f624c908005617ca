/**
 * Turning what a user types (`2.9`, `2.9.5`, `stable-2.9.5`, `edge-26.8.3`, a chart version such
 * as `1.16.11`, or `latest`) into one of the pack's releases.
 */
import lt from 'semver/functions/lt.js';
import satisfies from 'semver/functions/satisfies.js';
import valid from 'semver/functions/valid.js';
import minVersion from 'semver/ranges/min-version.js';
import { HelmMigrateError } from './errors.js';
import type { ChartFamily, Migration, Pack, Release } from './types.js';

export function knownVersionsText(pack: Pack): string {
  return pack.releases.map((r) => r.id).join(', ');
}

function unknown(pack: Pack, text: string, extra = ''): HelmMigrateError {
  return new HelmMigrateError('unknown-version', `unknown ${pack.title} version "${text}"${extra}; known: ${knownVersionsText(pack)} (or latest)`);
}

export function findFamily(pack: Pack, chart: string): ChartFamily | undefined {
  return pack.charts.find((c) => c.name === chart);
}

/** Release ids whose chart versions for `family` include `version`. */
function releasesByChartVersion(family: ChartFamily, version: string): string[] {
  if (!family.chartVersions || !valid(version)) return [];
  return Object.entries(family.chartVersions)
    .filter(([, range]) => satisfies(version, range, { includePrerelease: true }))
    .map(([id]) => id);
}

/**
 * Resolves `text` to a release. `chart`, when known, decides between chart-version lines that
 * overlap (one chart version shared by two charts of the same release, which agree, but a future
 * line might not).
 */
export function resolveRelease(pack: Pack, text: string, chart?: string): Release {
  const t = text.trim();
  if (t === 'latest') return pack.releases[pack.releases.length - 1];
  const exact = pack.releases.find((r) => r.id === t || r.version === t || r.tag === t);
  if (exact) return exact;

  const stable = /^(?:stable-)?v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(t);
  if (stable) {
    const minor = pack.releases.find((r) => r.id === `${stable[1]}.${stable[2]}`);
    if (minor) {
      const known = Number(minor.version.split('.')[2]);
      if (stable[3] === undefined || Number(stable[3]) <= known) return minor;
      throw unknown(pack, t, ` (the newest ${minor.id} release the pack knows is ${minor.version})`);
    }
  }

  const families = chart ? [findFamily(pack, chart), ...pack.charts] : pack.charts;
  const ids = new Set<string>();
  for (const fam of families) {
    if (!fam) continue;
    const found = releasesByChartVersion(fam, t.replace(/^v/, ''));
    if (found.length && fam.name === chart) {
      // The user's own chart decides when it knows the version.
      return pack.releases.find((r) => r.id === found[0])!;
    }
    found.forEach((id) => ids.add(id));
  }
  if (ids.size === 1) return pack.releases.find((r) => r.id === [...ids][0])!;
  if (ids.size > 1) {
    throw new HelmMigrateError('ambiguous-version', `chart version "${t}" belongs to several ${pack.title} releases (${[...ids].join(', ')}); name the release instead`);
  }
  const gap = chart ? between(findFamily(pack, chart), t.replace(/^v/, '')) : undefined;
  if (gap) {
    throw new HelmMigrateError(
      'unknown-version',
      `${chart} chart ${t} lies between ${pack.title} ${gap[0]} and ${gap[1]}, the releases helm-migrate migrates between`,
    );
  }
  throw unknown(pack, t);
}

/**
 * Where a migration starts. A chart version between two releases (a major the pack has no
 * snapshot of) starts at the release before it, `within` that release's step, when every
 * operation of the step says the chart version that made it: those up to `within` are taken as
 * made. Anything else resolves as `resolveRelease` does.
 */
export function resolveStart(pack: Pack, text: string, chart?: string): { release: Release; within?: string } {
  try {
    return { release: resolveRelease(pack, text, chart) };
  } catch (err) {
    const version = text.trim().replace(/^v/, '');
    const gap = chart && err instanceof HelmMigrateError && err.code === 'unknown-version' ? between(findFamily(pack, chart), version) : undefined;
    const step = gap && pack.migrations.find((m) => m.from === gap[0] && m.to === gap[1]);
    if (!gap) throw err;
    if (!step || !stepSaysSince(step, chart!)) {
      throw new HelmMigrateError('unknown-version', `${(err as Error).message}; it cannot start there: the step between them does not say which of its changes came in which chart version`);
    }
    return { release: pack.releases.find((r) => r.id === gap[0])!, within: valid(version)! };
  }
}

/**
 * Every operation of the step for `chart` names the chart version that made it. A step that
 * declares the chart with no operations moved nothing, so it can start anywhere.
 */
function stepSaysSince(step: Migration, chart: string): boolean {
  const decl = step.charts.find((c) => c.chart === chart);
  return decl !== undefined && decl.operations.every((op) => op.since !== undefined);
}

/** The two releases of `family` a chart version falls between (a major the pack has no snapshot of). */
function between(family: ChartFamily | undefined, version: string): [string, string] | undefined {
  if (!family?.chartVersions || !valid(version)) return undefined;
  const starts = family.releases.flatMap((id) => {
    const range = family.chartVersions?.[id];
    const min = range ? minVersion(range) : null;
    return min ? [[id, min.version] as const] : [];
  });
  for (let i = 0; i + 1 < starts.length; i++) {
    if (!lt(version, starts[i][1]) && lt(version, starts[i + 1][1])) return [starts[i][0], starts[i + 1][0]];
  }
  return undefined;
}

export function releaseIndex(pack: Pack, id: string): number {
  return pack.releases.findIndex((r) => r.id === id);
}

/** The migrations that take `from` to `to`, in order. Refuses downgrades. */
export function selectChain(pack: Pack, from: Release, to: Release): Migration[] {
  const a = releaseIndex(pack, from.id);
  const b = releaseIndex(pack, to.id);
  if (b < a) {
    throw new HelmMigrateError('downgrade', `${from.id} → ${to.id} is a downgrade; helm-migrate only moves forward (use helm rollback to go back)`);
  }
  const chain: Migration[] = [];
  for (let i = a; i < b; i++) {
    const step = pack.migrations.find((m) => m.from === pack.releases[i].id && m.to === pack.releases[i + 1].id);
    if (!step) throw new HelmMigrateError('internal', `pack ${pack.name} has no migration ${pack.releases[i].id} → ${pack.releases[i + 1].id}`);
    chain.push(step);
  }
  return chain;
}

/** Checks that `chart` exists at `release`; otherwise says where it does. */
export function assertChartAt(pack: Pack, chart: string, release: Release): ChartFamily {
  const fam = findFamily(pack, chart);
  if (!fam) {
    throw new HelmMigrateError('unknown-chart', `unknown chart "${chart}" for ${pack.title}; known: ${pack.charts.map((c) => c.name).join(', ')}`);
  }
  if (!fam.releases.includes(release.id)) {
    const same = pack.charts.filter((c) => c.releases.includes(release.id) && (c.role.startsWith(fam.role) || fam.role.startsWith(c.role))).map((c) => c.name);
    const hint = same.length ? `; at ${release.id} that role was ${same.join(', ')}` : '';
    throw new HelmMigrateError(
      'chart-not-at-version',
      `chart ${chart} does not exist at ${pack.title} ${release.id} (it ships with ${fam.releases[0]}–${fam.releases[fam.releases.length - 1]})${hint}`,
    );
  }
  return fam;
}
