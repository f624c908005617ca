/**
 * The render oracle saves renders two ways (render-oracle.ts): booleans whose template readers
 * are disjoint share a render, and a batch the chart's schema refuses is split where helm's
 * report points instead of in halves. Neither may change what the oracle finds. On a few cases
 * of each pack, picked because both savings apply there (a chart split, a schema, grouped
 * booleans), the fast sweep and the exhaustive one (every boolean alone, every failed batch
 * halved) must report the same losses and the same broken leaves. A leaf the fast sweep calls
 * unrenderable the exhaustive one must too; the converse may not hold, as the fast sweep can
 * render a leaf alongside the value it needs (`hub.token` with its hub settings), which tests it.
 */
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { oracleCases, runCase, type OracleResult } from './render-oracle.js';
import { ready as needs } from '../helpers/prereq.js';
import { sweeps } from './oracle-suite.js';

const ready = needs('shared', 'binaries');

const cases: Record<string, string[]> = {
  linkerd: ['2.11 → 2.12 linkerd2: every leaf perturbed', '2.11 → 2.12 linkerd-multicluster: every leaf perturbed'],
  traefik: ['20 → 23 traefik: every leaf perturbed', '40 → 41 traefik: every leaf perturbed'],
  // Runs with the pack's sweep, on demand (oracle-suite.ts).
  'kube-prometheus-stack': ['85 → 88 kube-prometheus-stack: every leaf perturbed'],
};

const findings = (r: OracleResult) => ({
  losses: [...new Set(r.losses.map((l) => `${l.leaves.join(',')}: ${l.effect.object} ${l.effect.field} → ${l.effect.after ?? '(none)'}${l.verifiedDrop ? ' (verified drop)' : ''}`))].sort(),
  broken: r.broken.map((b) => b.leaves.join(',')).sort(),
});

describe.skipIf(!ready).concurrent('the fast oracle sweep finds what the exhaustive one finds', () => {
  for (const pack of packs) {
    for (const name of cases[pack.name] ?? []) {
      it.skipIf(!sweeps(pack.name))(`${pack.name} ${name}`, async () => {
        const c = [...oracleCases(pack)].find((x) => x.name === name);
        expect(c, `no oracle case named ${name}`).toBeDefined();
        const [fast, exhaustive] = await Promise.all([runCase(pack, c!), runCase(pack, { ...c!, opts: { ...c!.opts, exhaustive: true } })]);
        expect(findings(fast)).toEqual(findings(exhaustive));
        const alsoUnrenderable = new Set(exhaustive.unrenderable.map((u) => u.path));
        expect(fast.unrenderable.map((u) => u.path).filter((p) => !alsoUnrenderable.has(p))).toEqual([]);
        // Otherwise this compares a sweep with itself.
        expect(fast.renders).toBeLessThan(exhaustive.renders);
      });
    }
  }
  it('covers every pack', () => {
    expect(packs.filter((p) => !cases[p.name]).map((p) => p.name)).toEqual([]);
  });
});
