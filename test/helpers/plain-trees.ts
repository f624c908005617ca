/**
 * Random values trees for the differential tests (the plain reader, the subtree printer): the
 * given keys and tricky scalars mixed with random text, numbers, booleans and nulls.
 */
import fc from 'fast-check';
import type { Plain } from '../../src/core/plain.js';

export function plainTrees(keys: string[], tricky: string[]): { key: fc.Arbitrary<string>; value: fc.Arbitrary<Plain> } {
  const key = fc.oneof(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 8 }));
  const scalar: fc.Arbitrary<Plain> = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constantFrom(...tricky));
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
  })).v as fc.Arbitrary<Plain>;
  return { key, value };
}
