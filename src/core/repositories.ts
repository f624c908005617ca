/**
 * Where a pack's charts are published: data of the pack, used as URLs (`helm --repo URL`,
 * Flux HelmRepository, Argo CD repoURL), so no `helm repo add` alias is ever assumed.
 */
import { HelmMigrateError } from './errors.js';
import type { ChartRepository, Pack } from './types.js';

/** The first of the pack's repositories that publishes `chart` at `release`. */
export function repositoryFor(pack: Pack, chart: string, release: string): ChartRepository {
  const hit = (pack.repositories ?? []).find((r) => (!r.charts || r.charts.includes(chart)) && (!r.releases || r.releases.test(release)));
  if (!hit) throw new HelmMigrateError('target-chart-not-found', `pack ${pack.name} names no repository for chart ${chart} at ${release}; pass --charts-dir`);
  return hit;
}
