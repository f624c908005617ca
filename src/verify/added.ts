/**
 * The second half of "nothing lost": nothing added. Every difference the migrated values make to
 * the target render (against the target chart's own default render) must be something the user
 * already had: in force on the source render with the user's values, read the same way. What is
 * not is an *added* effect: a value an old chart ignored and a new one reads, a default pinned
 * the wrong way, a flag that starts winning. Pure: renders come in as leaves.
 */
import type { Diagnostic } from '../core/types.js';
import { compareRenders, containerOf, type CompareInput } from './compare.js';
import { tokensIn, type Effect, type Leaves } from './effects.js';

export interface AddedInput {
  /** The source chart's render with the user's values. */
  source: Leaves;
  /** The source chart's default render. */
  sourceDefault: Leaves;
  /** Every target chart's render with the migrated values, as one. */
  target: Leaves;
  /** Every target chart's default render, as one. */
  targetDefault: Leaves;
  /** Fields that differ between two default renders of the target charts (generated certificates). */
  unstable: Set<string>;
  /** A target object's names on the source side: itself, then what it was renamed from. */
  sourceNames: (object: string) => string[];
  /** The oracle's unique markers; without them values are matched as text. */
  tokens?: RegExp;
  pack: CompareInput['pack'];
  /** Target fields the forward comparison found carrying a customization (`Comparison.carried`). */
  carried?: Set<string>;
}

/** Old name → new names (`Pack.objectRenames`), turned around: a target object's source names. */
export function sourceNamesOf(renames: Record<string, string[]>): (object: string) => string[] {
  const back = new Map<string, string[]>();
  for (const [from, tos] of Object.entries(renames)) for (const to of tos) back.set(to, [...(back.get(to) ?? []), from]);
  return (o) => [o, ...(back.get(o) ?? [])];
}

/**
 * The target effects of the migrated values that the source render did not have: the comparison
 * of `--verify` run backwards, the target render as the side whose customizations must be found
 * on the other. The same rules hold in both directions: an object renamed, a setting moved within
 * its object, the chart's own syntax around a value. Fields of objects the source chart never
 * rendered are the user's settings reaching a new component, not additions; an object the
 * migrated values create where the source values did not is one. A target field the forward
 * comparison found carrying one of the user's effects is that effect's target side.
 */
export function addedEffects(input: AddedInput): Effect[] {
  const { source, target, sourceNames } = input;
  const back = compareRenders({
    sourceDefault: input.targetDefault,
    source: target,
    unstable: input.unstable,
    target: source,
    targetDefault: input.sourceDefault,
    renames: sourceNames,
    pack: input.pack,
    tokens: input.tokens,
    direction: 'added',
  });
  const carried = input.carried ?? new Set<string>();
  return back.lost
    .map((l) => l.effect)
    .filter((e) => !carried.has(`${e.object}\t${e.field}`) && !permissions(e) && !ownComponent(e, input));
}

/**
 * A field inside a container the old chart never had in the object (the new chart's own
 * component), or inside one the user's values bring on both sides (absent from both default
 * renders, present in both renders with values): the container is the chart's own way of doing
 * what the user asked (a stand-in init container under a CNI plugin), and its insides are the
 * chart's, unless they carry the user's own text.
 */
function ownComponent(e: Effect, input: AddedInput): boolean {
  const item = containerOf(e.field);
  if (!item) return false;
  const has = (fields: Map<string, string> | undefined) => [...(fields?.keys() ?? [])].some((f) => f.startsWith(item));
  const sources = input.sourceNames(e.object);
  // A container the old chart never had in this object, the new chart's own: the user's settings
  // reach it as they reach its siblings (a policy controller joining the destination pod).
  if (!sources.some((o) => has(input.source.get(o)) || has(input.sourceDefault.get(o))) && has(input.targetDefault.get(e.object))) return true;
  if (tokensIn(`${e.field} ${e.after ?? ''}`, input.tokens).length) return false;
  const inSource = sources.some((o) => has(input.source.get(o)) && !has(input.sourceDefault.get(o)));
  return inSource && has(input.target.get(e.object)) && !has(input.targetDefault.get(e.object));
}

/**
 * A rule of a Role or ClusterRole: the permissions a feature needs are the chart's to decide (an
 * API group renamed, a verb a new version uses) and follow the feature, whose own effects are
 * checked where it is configured.
 */
function permissions(e: Effect): boolean {
  return /^(Cluster)?Role\//.test(e.object) && e.field.startsWith('rules[');
}

type Note = Extract<Diagnostic, { kind: 'note' }>;

/** The note of the migration that speaks for an added effect (see `NotedEffect`), if one does. */
export function saidBy(e: Effect, diagnostics: readonly Diagnostic[]): Note | undefined {
  const field = e.field.toLowerCase();
  const object = (n: string) => n === '*' || n === e.object || (n.endsWith('/*') && e.object.startsWith(n.slice(0, -1)));
  return diagnostics.find((d): d is Note => d.kind === 'note' && (d.effects ?? []).some((n) => object(n.object) && (n.field === undefined || field.includes(n.field.toLowerCase()))));
}
