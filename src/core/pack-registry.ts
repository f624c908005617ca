/**
 * The packs a run knows, passed in by whoever composes the program (the CLI registers the packs
 * it ships; tests register toy packs). Core never imports a pack: a pack is a folder of data and
 * functions over core's types, and nothing here knows any pack's name.
 */
import { HelmMigrateError } from './errors.js';
import type { Pack } from './types.js';

export class PackRegistry {
  constructor(readonly packs: readonly Pack[]) {
    const charts = new Map<string, string>();
    for (const p of packs) {
      for (const c of p.charts) {
        const other = charts.get(c.name);
        if (other && other !== p.name) throw new HelmMigrateError('internal', `chart ${c.name} is claimed by packs ${other} and ${p.name}`);
        charts.set(c.name, p.name);
      }
    }
  }

  byName(name: string): Pack | undefined {
    return this.packs.find((p) => p.name === name);
  }

  /** The pack that knows a chart, if any. */
  owning(chart: string): Pack | undefined {
    return this.packs.find((p) => p.charts.some((c) => c.name === chart));
  }

  /** The pack named, or the one that knows the chart; a one-line error otherwise. */
  forChart(chart: string, packName?: string): Pack {
    if (packName) {
      const p = this.byName(packName);
      if (!p) throw new HelmMigrateError('unknown-pack', `unknown migration pack "${packName}"; known: ${this.packs.map((x) => x.name).join(', ')}`);
      return p;
    }
    const p = this.owning(chart);
    if (!p) {
      const all = this.packs.flatMap((x) => x.charts.map((c) => c.name));
      throw new HelmMigrateError('unknown-chart', `no migration pack knows chart "${chart}"; known charts: ${all.join(', ')}`);
    }
    return p;
  }
}
