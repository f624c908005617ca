/** Migrating a values map through the engine exactly as `helm-migrate values` would, for the oracle. */
import { migrate } from '../../src/core/engine.js';
import type { PlainMap } from '../../src/core/plain.js';
import type { Diagnostic, Pack } from '../../src/core/types.js';
import { toYaml } from '../../src/values/manifests.js';
import { parseValues } from '../../src/values/parse.js';
import { createDocFactory } from '../../src/values/yaml-values.js';

export interface PlainResult {
  outputs: { chart: string; values: PlainMap }[];
  diagnostics: Diagnostic[];
}

export function migratePlain(pack: Pack, chart: string, from: string, to: string, values: PlainMap): PlainResult {
  const { values: doc } = parseValues(Object.keys(values).length ? toYaml(values) : '', 'values.yaml');
  const r = migrate({ pack, chart, from, to, doc, factory: createDocFactory(), trustChart: true });
  return { outputs: r.outputs.map((o) => ({ chart: o.chart, values: o.doc.toPlain() })), diagnostics: r.diagnostics };
}
