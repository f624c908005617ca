import type { StepContext } from '../step-context.js';
import type { HoistOp } from '../types.js';

/** See `HoistOp`: children land, in order, where the hoisted map stood. */
export function applyHoist(ctx: StepContext, op: HoistOp): void {
  const from = ctx.resolve(op.from);
  const doc = ctx.docs.get(from.chart);
  if (!doc || !doc.isMap(from.path)) return;
  const parent = from.path.slice(0, -1);
  let index = doc.indexOf(from.path);
  // The hoisted key's own comment introduces what it held (or is the file's header): it goes
  // with the first child.
  const first = doc.keys(from.path)[0];
  if (first !== undefined) doc.moveComments(from.path, [...from.path, first]);
  for (const key of doc.keys(from.path)) {
    const to = { chart: from.chart, path: [...parent, key] };
    const isNew = !doc.has(to.path);
    const child = { chart: from.chart, path: [...from.path, key] };
    ctx.moveValue(child, to, op.why, { depth: parent.length, index });
    ctx.report({ kind: 'applied', step: ctx.stepId, op: 'hoist', from: ctx.text(child), to: ctx.text(to), why: op.why });
    // Each child goes just before the hoisted map, so in the end they stand where it stood.
    if (isNew) index++;
  }
  if (doc.has(from.path)) ctx.take(from, 'remove');
  ctx.events.push({ kind: 'moved', from, to: { chart: from.chart, path: parent } });
}
