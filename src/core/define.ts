/**
 * Authoring helpers for packs. They return their argument unchanged (the types do the work) but
 * give modules one obvious shape: `export default defineMigration({ ... })`.
 */
import type { Migration, Pack, Transform } from './types.js';

/** Declares one step of a pack's chain, `from` → `to` (consecutive releases). */
export function defineMigration(m: Migration): Migration {
  return m;
}

/** Declares a pack: releases, charts, the ordered migrations, and where its snapshots live. */
export function definePack(p: Pack): Pack {
  return p;
}

/** Declares a named value transform for `reshape` operations. */
export function defineTransform(t: Transform): Transform {
  return t;
}
