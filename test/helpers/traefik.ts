/** Rendering the real Traefik charts of the pack's releases, for the migration tests. */
import traefik from '../../migrations/traefik/index.js';
import { container, findObject, renderChart, type RenderResult } from './render.js';
import { present } from './prereq.js';
import { chartPath } from './shared.js';

export { traefik };

/** The chart of a Traefik release is in ../shared (under CI its absence fails the run). */
export const hasTraefikChart = (release: string): boolean => present(chartPath(traefik, release, 'traefik'), `the Traefik chart of release ${release}`);

/** `helm template traefik <chart of release> -n traefik -f values`. */
export function renderTraefik(release: string, values: string, opts: { set?: string[]; apiVersions?: string[] } = {}): RenderResult {
  return renderChart(chartPath(traefik, release, 'traefik'), values, { release: 'traefik', namespace: 'traefik', ...opts });
}

/** The Traefik container of the rendered Deployment. */
export function traefikContainer(r: RenderResult): Record<string, any> | undefined {
  return container(findObject(r, 'Deployment', 'traefik'), 'traefik');
}

/** The Traefik container's arguments. */
export function traefikArgs(r: RenderResult): string[] {
  return (traefikContainer(r)?.args ?? []) as string[];
}
