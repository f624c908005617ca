import { isPlainMap, type Plain } from '../plain.js';
import type { StepContext } from '../step-context.js';
import type { ReshapeOp } from '../types.js';

/** See `ReshapeOp`. */
export function applyReshape(ctx: StepContext, op: ReshapeOp): void {
  const from = ctx.resolve(op.from);
  const to = ctx.resolve(op.to);
  const value = ctx.get(from);
  if (value === undefined) return;
  const result = op.transform.apply(value);
  if (isPlainMap(result) && 'drop' in result && Object.keys(result).length === 1) {
    ctx.drop(from, value, String(result.drop));
    return;
  }
  const at = ctx.positionFor(from, to);
  const node = ctx.docs.get(from.chart)!.detach(from.path);
  const target = ctx.doc(to.chart);
  if (isPlainMap(result) && target.isMap(to.path)) {
    // The target map already holds sibling settings (grafana.image.tag): merge into it.
    for (const [k, v] of Object.entries(result)) target.set([...to.path, k], v);
  } else {
    target.set(to.path, result as Plain, { commentFrom: node, at });
  }
  ctx.pruneEmptied(from);
  ctx.events.push({ kind: 'moved', from, to, reshaped: true });
  ctx.report({ kind: 'applied', step: ctx.stepId, op: 'reshape', from: ctx.text(from), to: ctx.text(to), why: op.why ?? op.transform.describe });
}
