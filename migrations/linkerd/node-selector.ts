import type { MoveOp } from '../../src/core/types.js';

/**
 * `nodeSelector."beta.kubernetes.io/os"` → `"kubernetes.io/os"`. The charts switched keys in 2.11;
 * the beta label is deprecated (kept on nodes only as a copy of the GA one), and Helm merges
 * maps, so a file keeping the beta key beside the chart's new default selects on both. Applied
 * at 2.11 and again at 2.12, so a 2.11.x file that still carries the old key is not left behind.
 */
export const betaOsToGa: MoveOp = {
  op: 'move',
  from: 'nodeSelector."beta.kubernetes.io/os"',
  to: 'nodeSelector."kubernetes.io/os"',
  why: 'the beta.kubernetes.io/os node label is deprecated for kubernetes.io/os; Helm merges maps, so keeping the old key would add a second selector',
};
