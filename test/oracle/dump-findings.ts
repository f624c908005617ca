/**
 * Prints what the oracle finds unexplained as Finding entries, a starting point for
 * findings/<pack>.ts (each `why` is then written by a person):
 *   node --import tsx test/oracle/dump-findings.ts [STEP-FROM [CHART]]   (e.g. 2.9 linkerd2)
 */
import { packs } from '../../migrations/index.js';
import { oracleCases, runCase, unexplained } from './render-oracle.js';

const [step, chart] = process.argv.slice(2);
const only = process.env.PACK;
const jobs = packs.filter((p) => !only || p.name === only).flatMap((pack) =>
  [...oracleCases(pack)].filter((c) => (!step || c.step.from === step) && (!chart || c.chart === chart)).map(async (c) =>
    [...unexplained(await runCase(pack, c))].map(
      ([leaves, seen]) => `  { step: '${c.step.from}', chart: '${c.chart}', scope: '${c.scope}', leaves: ${JSON.stringify(leaves)}, why: '' }, // ${seen.replace(/\n/g, ' ').slice(0, 240)}`,
    ),
  ),
);
console.log((await Promise.all(jobs)).flat().join('\n'));
