/** Prints what the oracle finds unexplained, as Finding entries (a starting point for findings/<pack>.ts). */
import { packs } from '../../migrations/index.js';
import { hasChart } from './charts.js';
import { runOracle } from './render-oracle.js';

const jobs: Promise<string[]>[] = [];
for (const pack of packs) {
  for (const step of pack.migrations) {
    for (const [chart, snap] of Object.entries(pack.snapshot(step.from).charts)) {
      if (!hasChart(pack, step.from, chart)) continue;
      for (const scope of ['leaves', 'ha'] as const) {
        if (scope === 'ha' && !snap.haDefaults) continue;
        jobs.push(
          runOracle(pack, step, chart, scope === 'ha' ? { scenario: snap.haDefaults } : {}).then((r) => {
            const seen = new Map<string, string>();
            for (const l of r.losses) if (!l.verifiedDrop && !seen.has(l.leaves.join(','))) seen.set(l.leaves.join(','), `${l.effect.object} ${l.effect.field}: ${l.effect.before} -> ${l.effect.after} now ${l.survival.now}${l.unconfirmedDrop ? ' UNCONFIRMED' : ''}`.replace(/\n/g, ' ').slice(0, 240));
            for (const b of r.broken) seen.set(`broken:${b.leaves.join(',')}`, b.error);
            return [...seen].map(([k, v]) => `  { step: '${step.from}', chart: '${chart}', scope: '${scope}', leaves: ${JSON.stringify(k)}, why: '' }, // ${v}`);
          }),
        );
      }
    }
  }
}
console.log((await Promise.all(jobs)).flat().join('\n'));
