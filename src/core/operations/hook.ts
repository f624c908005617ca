import type { StepContext } from '../step-context.js';
import type { Detached, HookContext, HookOp } from '../types.js';

/** Runs a hook with only the capabilities of `HookContext`. */
export function applyHook(ctx: StepContext, op: HookOp): void {
  // What the hook took out: a list it rewrites elsewhere keeps those items' quoting and comments.
  const removed: Detached[] = [];
  const hook: HookContext = {
    fromRelease: ctx.fromRelease,
    toRelease: ctx.toRelease,
    has: (ref) => ctx.has(ctx.resolve(ref)),
    get: (ref) => ctx.get(ctx.resolve(ref)),
    set: (ref, value) => {
      const at = ctx.resolve(ref);
      ctx.doc(at.chart).set(at.path, value, { reuse: removed });
      ctx.report({ kind: 'applied', step: ctx.stepId, op: 'hook', from: op.name, to: ctx.text(at), why: op.why });
    },
    move: (from, to) => {
      const [a, b] = [ctx.resolve(from), ctx.resolve(to)];
      if (!ctx.has(a)) return;
      ctx.moveValue(a, b, op.why);
      ctx.report({ kind: 'applied', step: ctx.stepId, op: 'hook', from: op.name, to: ctx.text(b), why: op.why });
    },
    remove: (ref, why) => {
      const at = ctx.resolve(ref);
      const value = ctx.get(at);
      if (value === undefined) return;
      const node = ctx.take(at, 'remove');
      if (node) removed.push(node);
      ctx.dropped(at, value, why);
    },
    note: (text, severity, effects) => ctx.note(text, severity, effects),
  };
  op.run(hook);
}
