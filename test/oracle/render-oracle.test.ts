/**
 * The render oracle over every step and every chart of every pack (see render-oracle.ts). Each
 * case passes when every effect of the source values survives on the target charts, or the
 * migration reported the value dropped and the charts confirm it. What the oracle finds and the
 * pack has not fixed yet is listed, with why, in findings/<pack>.ts: the case fails on a loss not
 * listed there, and on a listed loss that no longer happens, so the list can only shrink.
 */
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { hasBinaries, binariesSkipReason } from '../helpers/binaries.js';
import { hasShared, sharedSkipReason } from '../helpers/shared.js';
import { hasChart } from './charts.js';
import { findings } from './findings/index.js';
import { runOracle, type OracleResult } from './render-oracle.js';

const ready = hasShared && hasBinaries;
if (!ready && process.env.CI) throw new Error(`render oracle cannot run under CI: ${hasShared ? binariesSkipReason : sharedSkipReason}`);

/** One line per unexplained loss group: `leaf[,leaf…]` (several leaves when only a batch shows it). */
function unexplained(r: OracleResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of r.losses) {
    if (l.verifiedDrop) continue;
    const key = l.leaves.join(',');
    if (!out.has(key)) out.set(key, `${l.effect.object} ${l.effect.field}: ${l.effect.before ?? '(none)'} → ${l.effect.after ?? '(none)'}, now ${l.survival.now ?? '(none)'}${l.unconfirmedDrop ? ` [${l.unconfirmedDrop}]` : ''}`);
  }
  for (const b of r.broken) out.set(`broken:${b.leaves.join(',')}`, b.error);
  return out;
}

for (const pack of packs) {
  describe.skipIf(!ready).concurrent(`render oracle: ${pack.name}`, () => {
    for (const step of pack.migrations) {
      const from = pack.snapshot(step.from);
      for (const [chart, snap] of Object.entries(from.charts)) {
        const scenarios: [string, Parameters<typeof runOracle>[3]][] = [['every leaf perturbed', {}]];
        if (snap.haDefaults) scenarios.push(['its high-availability values file', { scenario: snap.haDefaults }]);
        for (const [name, opts] of scenarios) {
          it(`${step.from} → ${step.to} ${chart}: ${name}`, async () => {
            if (!hasChart(pack, step.from, chart)) throw new Error(`${chart} ${step.from} is missing from ../shared`);
            const r = await runOracle(pack, step, chart, opts);
            const scope = opts?.scenario ? 'ha' : 'leaves';
            const known = findings(pack.name).filter((f) => f.step === step.from && f.chart === chart && f.scope === scope);
            const found = unexplained(r);
            const fresh = [...found].filter(([k]) => !known.some((f) => f.leaves === k)).map(([k, v]) => `${k}: ${v}`);
            const fixed = known.filter((f) => !found.has(f.leaves)).map((f) => f.leaves);
            expect(fresh, `customizations lost on the ${step.to} charts (${r.renders} renders)`).toEqual([]);
            expect(fixed, 'listed in findings but no longer lost: remove them from the list').toEqual([]);
          }, 30 * 60_000);
        }
      }
    }
  });
}
