import { deepEqual } from '../plain.js';
import type { StepContext } from '../step-context.js';
import type { RemoveOp } from '../types.js';

/** See `RemoveOp`. */
export function applyRemove(ctx: StepContext, op: RemoveOp): void {
  const at = ctx.resolve(op.path);
  const value = ctx.get(at);
  if (value === undefined) return;
  if (op.only === 'old-default') {
    const def = ctx.oldDefault(at.path);
    if (def === undefined || !deepEqual(def, value)) return;
  } else if (op.only && !deepEqual(op.only.equals, value)) {
    return;
  }
  ctx.drop(at, value, op.why, op.severity);
}
