/**
 * The render oracle over every step and every chart of every pack (see render-oracle.ts). Each
 * case passes when every effect of the source values survives on the target charts, or the
 * migration reported the value dropped and the charts confirm it. What the oracle finds and the
 * pack has not fixed yet is listed, with why, in findings/<pack>.ts: the case fails on a loss not
 * listed there, and on a listed loss that no longer happens, so the list can only shrink.
 *
 * The cases are dealt round-robin to `shards` test files (render-oracle-<n>.test.ts), so that
 * vitest's workers share them: in one file they took one worker for seven minutes.
 */
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { findings } from './findings/index.js';
import { oracleCases, runCase, unexplained } from './render-oracle.js';
import { ready as needs } from '../helpers/prereq.js';

/**
 * Packs whose sweep runs only on demand (`HELM_MIGRATE_ORACLE=all npm test`, or one step with
 * dump-findings.ts). The sweep holds them to their findings list like the others.
 *
 * kube-prometheus-stack: about 6,000 helm renders over twelve steps (1.7 MB charts with four
 * subcharts, 200 to 400 booleans each): 2 minutes with the renders cached, an estimated ten or
 * more of this machine's two cores without, more than the rest of the suite. Every run still
 * judges its fixtures on the charts both ways and checks its rule switches by rule name.
 */
const onDemand = new Set(['kube-prometheus-stack']);

/** Whether this run sweeps the pack: every pack but those run on demand, unless all are asked for. */
export function sweeps(pack: string): boolean {
  return process.env.HELM_MIGRATE_ORACLE === 'all' || !onDemand.has(pack);
}

export function oracleSuite(shard: number, shards: number): void {
  const ready = needs('shared', 'binaries');
  let n = 0;
  for (const pack of packs.filter((p) => sweeps(p.name))) {
    const mine = [...oracleCases(pack)].filter(() => n++ % shards === shard);
    describe.skipIf(!ready).concurrent(`render oracle: ${pack.name} (part ${shard + 1} of ${shards})`, () => {
      for (const c of mine) {
        it(c.name, async () => {
          const r = await runCase(pack, c);
          const known = findings(pack.name).filter((f) => f.step === c.step.from && f.chart === c.chart && f.scope === c.scope);
          const found = unexplained(r);
          const fresh = [...found].filter(([k]) => !known.some((f) => f.leaves === k)).map(([k, v]) => `${k}: ${v}`);
          const fixed = known.filter((f) => !found.has(f.leaves)).map((f) => f.leaves);
          expect(fresh, `customizations lost on the ${c.step.to} charts (${r.renders} renders)`).toEqual([]);
          expect(fixed, 'listed in findings but no longer lost: remove them from the list').toEqual([]);
        }, 30 * 60_000);
      }
    });
  }
}
