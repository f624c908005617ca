import { deepEqual } from '../plain.js';
import type { StepContext } from '../step-context.js';
import type { CopyOp } from '../types.js';

/**
 * See `CopyOp`. Only customized values are copied: one equal to the source chart's default has
 * nothing to share. A target the user already set is left alone (and said so when it differs).
 */
export function applyCopy(ctx: StepContext, op: CopyOp): void {
  const from = ctx.resolve(op.from);
  const to = ctx.resolve(op.to);
  const value = ctx.get(from);
  if (value === undefined) return;
  const def = from.chart === ctx.primary ? ctx.oldDefault(from.path) : undefined;
  if (def !== undefined && deepEqual(def, value)) return;
  const existing = ctx.get(to);
  if (existing !== undefined) {
    if (!deepEqual(existing, value)) ctx.note(`${ctx.text(to)} was already set; not overwritten with ${ctx.text(from)}`, 'warning');
    return;
  }
  ctx.doc(to.chart).set(to.path, value);
  ctx.report({ kind: 'applied', step: ctx.stepId, op: 'copy', from: ctx.text(from), to: ctx.text(to), why: op.why });
}
