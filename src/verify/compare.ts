/**
 * The comparison at the heart of `--verify` and the render oracle: which customizations of the
 * source render (its differences from the source chart's default render) are no longer in force
 * on the target render. Pure: the caller renders.
 */
import type { ApplicationDefault, Pack } from '../core/types.js';
import { anywhere, effectsOf, OBJECT, survives, tokensIn, type Effect, type Leaves, type Survival } from './effects.js';

export interface CompareInput {
  sourceDefault: Leaves;
  source: Leaves;
  /** Fields that differ between two default renders of the source chart (generated certificates). */
  unstable: Set<string>;
  /** Every target chart's render with the migrated values, as one. */
  target: Leaves;
  /** Every target chart's default render, as one. */
  targetDefault: Leaves;
  /** An object's names in the target: itself first, then what the pack says it was renamed to. */
  renames: (object: string) => string[];
  pack: Pick<Pack, 'admissionInjected' | 'cluster' | 'valuesDumps' | 'applicationDefaults' | 'applicationAliases'>;
  /** The oracle's unique markers; without them values are matched as text. */
  tokens?: RegExp;
  /** Effects the caller knows are not settings of their own (the oracle's renamed-by-marker objects). */
  ignore?: (e: Effect) => boolean;
  /**
   * `added`: the comparison runs backwards (see added.ts), the migrated render's effects looked
   * for on the source render. A values-dump entry is then never a finding (a copy switches
   * nothing on), and neither is an object the source chart never renders: the user's setting
   * reaching a component the old chart did not have.
   */
  direction?: 'lost' | 'added';
}

export interface Lost {
  effect: Effect;
  survival: Survival;
  /** The effect is an entry of a values dump (a copy of the value, see `Pack.valuesDumps`). */
  copy?: boolean;
}

export interface Comparison {
  effects: Effect[];
  lost: Lost[];
  /** Objects of the source render that no target chart renders at all: their fields are not losses. */
  goneObjects: string[];
  /** Target fields (`object\tfield`) found carrying a customization: the target side of what was checked. */
  carried: Set<string>;
}

/** An object's names in the target: itself, then what `renames` says it became. */
export function objectNames(renames: Record<string, string[]>): (object: string) => string[] {
  return (o) => [o, ...(renames[o] ?? [])];
}

function listOf(field: string): string {
  return field.replace(/\[\]=.*$/s, '');
}

export function compareRenders(input: CompareInput): Comparison {
  const { target, targetDefault, renames, tokens } = input;
  // A flag stating what the application does anyway is no setting: with or without it, it runs the same.
  const effects = effectsOf(input.sourceDefault, input.source, input.unstable).filter((e) => {
    const arg = /\[\]=(.*)$/s.exec(e.field)?.[1];
    return arg === undefined || !statesDefault(arg, input.pack.applicationDefaults ?? []);
  });
  // Backwards, a value found in another container of the object has moved there only if it left
  // its old place: a setting that still does what it did and now sizes another container too
  // (init sizing following the proxy's) adds. Within one container it is the same setting said twice.
  const survivals = effects.map((e) =>
    survives(e, target, renames, tokens, input.direction === 'added' ? (f, v) => containerOf(f) !== containerOf(e.field) && input.source.get(e.object)?.get(f) === v : undefined),
  );
  // Lists (args, commands) where a marker survived: their other new elements are the chart's own
  // syntax around the value (`sleep N` becoming `sleep`, `N`), not settings of their own.
  const markedLists = new Set<string>();
  effects.forEach((e, i) => {
    if (survivals[i].ok && /\[\]=/.test(e.field) && tokensIn(e.after ?? '', tokens).length) markedLists.add(`${e.object}\t${listOf(e.field)}`);
  });
  const lost: Lost[] = [];
  const gone = new Set<string>();
  for (const [i, effect] of effects.entries()) {
    const survival = survivals[i];
    if (survival.ok) continue;
    if (/\[\]=/.test(effect.field) && markedLists.has(`${effect.object}\t${listOf(effect.field)}`)) continue;
    if (input.ignore?.(effect)) continue;
    if (aliased(input, effect)) continue;
    if (injectedLater(input, effect)) continue;
    // A values-dump entry that carries nothing of the user's own text: a copy, not a setting.
    const copy = inValuesDump(input, effect);
    if (copy && (input.direction === 'added' || tokensIn(effect.after ?? effect.before ?? '', tokens).length === 0)) continue;
    // A field of an object the target charts no longer render at all (by default or with these
    // values) is not a lost setting: the object is gone. Whether the value that *created* an
    // object survived is still checked (field '').
    if ((effect.field !== OBJECT || input.direction === 'added') && !renames(effect.object).some((o) => targetDefault.has(o) || target.has(o))) {
      gone.add(effect.object);
      continue;
    }
    lost.push({ effect, survival, ...(copy ? { copy } : {}) });
  }
  const carried = new Set(survivals.filter((s) => s.ok && s.field !== undefined).map((s) => `${s.object}\t${s.field}`));
  return { effects, lost, goneObjects: [...gone].sort(), carried };
}

/**
 * Whether an argument only states an application's default (`--check=true`, or a bare `--check`
 * for a default of true), whichever way the chart spells its name.
 */
export function statesDefault(arg: string, defaults: readonly ApplicationDefault[]): boolean {
  const m = /^(--[^=]+)(?:=(.*))?$/s.exec(arg);
  return m !== null && defaults.some((d) => d.flag.replace(/=$/, '').toLowerCase() === m[1].toLowerCase() && (m[2] ?? 'true') === d.value);
}

/** The container (or other named item of a pod) a field belongs to, '' for none. */
export function containerOf(field: string): string {
  return /^(.*?ontainers\[[^\]]+\])/.exec(field)?.[1] ?? '';
}

/** A flag whose value the target spells another way the application reads the same (`CLF`, `common`). */
function aliased(input: CompareInput, e: Effect): boolean {
  const arg = /^(.*\[\])=(--[^=]+=)(.*)$/s.exec(e.field);
  if (!arg || e.after === undefined) return false;
  const alias = (input.pack.applicationAliases ?? []).find((a) => a.flag.toLowerCase() === arg[2].toLowerCase() && a.values.includes(arg[3]));
  if (!alias) return false;
  const fields = input.renames(e.object).map((o) => input.target.get(o)).find(Boolean);
  return alias.values.some((v) => fields?.has(`${arg[1]}=${arg[2]}${v}`));
}

/** Whether an effect is an entry of a values dump, in the ConfigMap itself or where a pod mounts it. */
function inValuesDump(input: CompareInput, e: Effect): boolean {
  const dumps = input.pack.valuesDumps ?? [];
  if (dumps.length === 0 || !e.field.includes('|')) return false;
  if (dumps.some((d) => d.object === e.object)) return true;
  const mount = /^(.*\.volumes\[[^\]]+\])\|/.exec(e.field);
  const name = mount ? input.source.get(e.object)?.get(`${mount[1]}.configMap.name`) ?? input.sourceDefault.get(e.object)?.get(`${mount[1]}.configMap.name`) : undefined;
  return name !== undefined && dumps.some((d) => d.object === `ConfigMap/${name}`);
}

/**
 * A setting of a sidecar the chart used to render and a webhook now injects at admission: the
 * target pod asks for injection, and the setting is in the injector's configuration (with
 * markers: the marker is somewhere in the target; without: the pod asking is enough).
 */
function injectedLater(input: CompareInput, e: Effect): boolean {
  const { pack, target, renames, tokens } = input;
  const inj = pack.admissionInjected;
  if (!inj) return false;
  const sidecar = inj.containers.some((c) => e.field.includes(`ontainers[${c}]`)) || (pack.cluster?.dataPlane !== undefined && e.field.startsWith(`spec.template.metadata.annotations.${pack.cluster.dataPlane.versionAnnotation}`));
  if (!sidecar) return false;
  const obj = renames(e.object).map((o) => target.get(o)).find(Boolean);
  // Injection is asked for on the pod template or on the namespace the target chart renders.
  const asked = (fs: Map<string, string> | undefined, prefix: string) => fs?.get(`${prefix}${inj.annotation}`) === inj.value;
  const namespaceAsks = [...target].some(([k, fs]) => k.startsWith('Namespace/') && asked(fs, 'metadata.annotations.'));
  if (!obj || !(asked(obj, 'spec.template.metadata.annotations.') || namespaceAsks)) return false;
  if (inj.containers.some((c) => [...obj.keys()].some((f) => f.includes(`ontainers[${c}]`)))) return false;
  const want = tokensIn(`${e.after ?? ''} ${e.field}`, tokens);
  return want.length === 0 || (tokens !== undefined && anywhere(target, want, tokens));
}
