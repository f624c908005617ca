/** Finding the pack that knows a chart. */
import { packs } from '../../migrations/index.js';
import { HelmMigrateError } from './errors.js';
import type { Pack } from './types.js';

export function packForChart(chart: string, packName?: string): Pack {
  if (packName) {
    const p = packs.find((x) => x.name === packName);
    if (!p) throw new HelmMigrateError('unknown-pack', `unknown migration pack "${packName}"; known: ${packs.map((x) => x.name).join(', ')}`);
    return p;
  }
  const p = packs.find((x) => x.charts.some((c) => c.name === chart));
  if (!p) {
    const all = packs.flatMap((x) => x.charts.map((c) => c.name));
    throw new HelmMigrateError('unknown-chart', `no migration pack knows chart "${chart}"; known charts: ${all.join(', ')}`);
  }
  return p;
}

export { packs };
