/**
 * Values kept for an umbrella chart: the dependency's values nested under its name (or alias)
 * in the parent chart's values file. They are migrated where they are; charts a split adds
 * become sibling keys, and a renamed dependency's key follows the new chart name.
 */
import { isMap, isScalar, type Document } from 'yaml';
import type { Path } from '../core/paths.js';
import type { PlainMap } from '../core/plain.js';
import { EmbeddedValues } from './gitops.js';

export function nestedValues(doc: Document, at: Path, source: string): EmbeddedValues {
  return new EmbeddedValues(doc, at, source);
}

/** Where an output went in the umbrella document; `removed`: no chart continues the input, whose key was taken out. */
export interface Placed {
  chart: string;
  key: Path;
  continues: boolean;
  removed?: boolean;
}

/**
 * Writes the outputs of a migration of the values at `at` back into the umbrella document: the
 * output that continues the input stays where it is (its key renamed when it was the old chart's
 * name), every other output becomes a sibling key named after its chart. When no chart continues
 * the input (the target removed it), its key goes: the parent chart can no longer depend on it.
 */
export function placeOutputs(doc: Document, at: Path, sourceChart: string, outputs: { chart: string; values: PlainMap; continues: boolean }[]): Placed[] {
  const parent = at.slice(0, -1);
  const key = at[at.length - 1];
  const placed: Placed[] = [];
  if (!outputs.some((o) => o.continues)) {
    doc.deleteIn(at);
    placed.push({ chart: sourceChart, key: at, continues: false, removed: true });
  }
  for (const o of outputs) {
    if (o.continues) {
      let now = key;
      if (o.chart !== sourceChart && key === sourceChart && !doc.hasIn([...parent, o.chart])) {
        const map = parent.length ? doc.getIn(parent, true) : doc.contents;
        const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
        if (pair && isScalar(pair.key)) {
          pair.key.value = o.chart;
          now = o.chart;
        }
      }
      placed.push({ chart: o.chart, key: [...parent, now], continues: true });
    } else {
      const k = doc.hasIn([...parent, o.chart]) ? `${o.chart}-migrated` : o.chart;
      doc.setIn([...parent, k], doc.createNode(o.values));
      placed.push({ chart: o.chart, key: [...parent, k], continues: false });
    }
  }
  return placed;
}
