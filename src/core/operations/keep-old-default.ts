import type { StepContext } from '../step-context.js';
import type { KeepOldDefaultOp } from '../types.js';

/** See `KeepOldDefaultOp`. */
export function applyKeepOldDefault(ctx: StepContext, op: KeepOldDefaultOp): void {
  const at = ctx.resolve(op.path);
  if (ctx.has(at)) return;
  ctx.doc(at.chart).set(at.path, op.value);
  ctx.report({ kind: 'applied', step: ctx.stepId, op: 'keep-old-default', from: ctx.text(at), to: `${ctx.text(at)}: ${JSON.stringify(op.value)}`, why: op.why });
}
