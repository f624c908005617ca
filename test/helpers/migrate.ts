/** Running the engine on YAML text, the way the values command does, for tests. */
import { migrate, type MigrateResult } from '../../src/core/engine.js';
import type { Diagnostic, Pack } from '../../src/core/types.js';
import { parseValues } from '../../src/values/parse.js';
import { detectStyle } from '../../src/values/style.js';
import { createDocFactory } from '../../src/values/yaml-values.js';
import pack from '../../migrations/linkerd/index.js';

export { pack };

export interface TextResult {
  result: MigrateResult;
  /** Output text per target chart, in output order. */
  files: Map<string, string>;
  of<K extends Diagnostic['kind']>(kind: K): Extract<Diagnostic, { kind: K }>[];
}

/** Runs the engine like the values command does; the Linkerd pack unless `opts.pack` names another. */
export function migrateText(text: string, chart: string, from: string, to: string, opts: { adoptNewDefaults?: boolean; trustChart?: boolean; pack?: Pack } = {}): TextResult {
  const { values } = parseValues(text, 'values.yaml');
  const { pack: chosen = pack, ...rest } = opts;
  const result = migrate({ pack: chosen, chart, from, to, doc: values, factory: createDocFactory(detectStyle(text)), ...rest });
  const files = new Map(result.outputs.map((o) => [o.chart, String(o.doc)]));
  return {
    result,
    files,
    of: (kind) => result.diagnostics.filter((d) => d.kind === kind) as never,
  };
}
