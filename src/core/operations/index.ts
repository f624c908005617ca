import type { StepContext } from '../step-context.js';
import type { Operation } from '../types.js';
import { applyCopy } from './copy.js';
import { applyHoist } from './hoist.js';
import { applyHook } from './hook.js';
import { applyKeepOldDefault } from './keep-old-default.js';
import { applyMove } from './move.js';
import { applyRemove } from './remove.js';
import { applyReshape } from './reshape.js';

/** Applies one operation; the switch is exhaustive so a new kind cannot be forgotten here. */
export function applyOperation(ctx: StepContext, op: Operation): void {
  switch (op.op) {
    case 'move':
      return applyMove(ctx, op);
    case 'copy':
      return applyCopy(ctx, op);
    case 'remove':
      return applyRemove(ctx, op);
    case 'hoist':
      return applyHoist(ctx, op);
    case 'reshape':
      return applyReshape(ctx, op);
    case 'keep-old-default':
      return applyKeepOldDefault(ctx, op);
    case 'hook':
      return applyHook(ctx, op);
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}
