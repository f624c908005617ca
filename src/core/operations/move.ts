import type { StepContext } from '../step-context.js';
import type { MoveOp } from '../types.js';

/** See `MoveOp`. */
export function applyMove(ctx: StepContext, op: MoveOp): void {
  const from = ctx.resolve(op.from);
  const to = ctx.resolve(op.to);
  if (!ctx.has(from)) return;
  ctx.moveValue(from, to, op.why);
  ctx.report({ kind: 'applied', step: ctx.stepId, op: 'move', from: ctx.text(from), to: ctx.text(to), why: op.why });
  if (op.flag) ctx.note(op.flag, 'warning');
}
