/**
 * An operation whose source path has wildcards (`service.additionalServices.*.type`) stands for
 * one operation per matching value, bound the same way on both sides: `*` in the target path
 * takes the key the source's `*` matched (`….internal.type` → `….internal.spec.type`).
 * Expanded against the document as it is when the operation runs.
 */
import { formatPathRef, parsePathRef } from '../paths.js';
import type { StepContext } from '../step-context.js';
import type { Operation } from '../types.js';
import { bindPath, hasWildcard, matchPaths } from '../wildcards.js';

export function expandOperation(ctx: StepContext, op: Operation): Operation[] {
  const sourceField = op.op === 'remove' || op.op === 'keep-old-default' ? 'path' : op.op === 'hook' ? undefined : 'from';
  if (!sourceField) return [op];
  const source = parsePathRef((op as unknown as Record<string, string>)[sourceField]);
  if (!hasWildcard(source.path)) return [op];
  const loc = ctx.resolve(formatPathRef(source));
  const plain = ctx.docs.get(loc.chart)?.toPlain() ?? {};
  return matchPaths(plain, source.path).map(({ bound }) => {
    const concrete: Record<string, unknown> = { ...op, [sourceField]: formatPathRef({ chart: source.chart, path: bindPath(source.path, bound) }) };
    if ('to' in op && typeof op.to === 'string') {
      const target = parsePathRef(op.to);
      concrete.to = formatPathRef({ chart: target.chart, path: bindPath(target.path, bound) });
    }
    return concrete as unknown as Operation;
  });
}
