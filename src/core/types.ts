/**
 * The authoring API of migration packs and the engine's data model. Everything here is plain
 * data; the engine (engine.ts) interprets it without touching files, processes or the network.
 */
import type { Path } from './paths.js';
import type { Plain, PlainMap } from './plain.js';

// ---------------------------------------------------------------------------------------------
// Releases and charts

/** One release of the packaged software (one version of what the charts install), in the pack's order. */
export interface Release {
  /** What users type and what migrations chain on: `2.9`, `edge-26.8.3`. */
  id: string;
  /** The exact version the default snapshots describe: `2.9.5`. */
  version: string;
  /** The upstream tag: `stable-2.9.5`. */
  tag: string;
  /** The folder under the charts source the snapshot was generated from. */
  dir?: string;
}

/** A chart name across the releases that ship it. */
export interface ChartFamily {
  name: string;
  /** Release ids at which this chart exists. */
  releases: string[];
  /** One line on what the chart installs, for `helm-migrate list`. */
  role: string;
  /**
   * For charts with their own version line: release id → semver range of chart versions, so a
   * chart version given as `--from` resolves to its release. Charts without it use the release
   * version itself (2.9.5).
   */
  chartVersions?: Record<string, string>;
  /** The chart is versioned on its own, unrelated to the pack's releases. */
  independentVersions?: boolean;
  /** Snapshot source folder when the chart is not under the release's own folder. */
  sourceDir?: string;
}

/** Default values and known keys of one chart at one release, generated from the real chart. */
export interface ChartSnapshot {
  chart: string;
  chartVersion: string;
  appVersion?: string;
  defaults: PlainMap;
  /** Overrides of the chart's high-availability values file, if it has one. */
  haDefaults?: PlainMap;
  /** Every path the chart knows: leaves of its defaults plus the `.Values.*` its templates read. */
  paths: string[];
  /**
   * Maps the chart's values schema closes (`additionalProperties: false`), by path (`*` for any
   * key; '' for the top level), with the keys it allows there: Helm refuses any other key.
   */
  closed?: Record<string, string[]>;
}

export interface ReleaseSnapshot {
  release: string;
  charts: Record<string, ChartSnapshot>;
}

// ---------------------------------------------------------------------------------------------
// Operations: an ordered, tagged union. Paths are text (`global.proxy.logLevel`); a target may
// name another chart of the same step (`addon:dashboard.replicas`).

/** Why an operation exists, shown in reports and generated docs. */
interface Explained {
  why?: string;
  /**
   * The chart version that made this change, in a step across several majors. A user already on
   * that version or later (a `--from` between the step's two releases) has it: it is skipped.
   * When every operation of a step says, any chart version between its releases is accepted.
   */
  since?: string;
}

/**
 * Move a value (scalar or subtree) to a new path, keeping its comments. A missing source is
 * skipped. Maps merge into an existing target key by key; where both hold a leaf, the moved value
 * wins (it is the one the old chart read) and the replaced one is reported as a conflict.
 * Within one parent the key keeps its position, so a rename does not reorder the file.
 */
export interface MoveOp extends Explained {
  op: 'move';
  from: string;
  to: string;
  /** A warning to raise when this move applies (a renamed security setting, say). */
  flag?: string;
}

/** Write a copy of a value to another path, leaving the source in place (shared settings). */
export interface CopyOp extends Explained {
  op: 'copy';
  from: string;
  to: string;
}

/**
 * Remove a value that has no successor. Always reported with `why`. `only` narrows it:
 * `'old-default'` removes the value only when it equals the source chart's default (for values
 * whose meaning is gone, where a carried default would break the new chart); `{ equals }` only
 * when it equals that value.
 */
export interface RemoveOp extends Explained {
  op: 'remove';
  path: string;
  why: string;
  only?: 'old-default' | { equals: Plain };
  /** How loud the report is; by default a warning unless the value was the old default. */
  severity?: Severity;
  /**
   * Why removing is right although the target chart's templates still read the path. The pack
   * consistency test demands it whenever they do; the render oracle checks nothing is lost.
   */
  stillRead?: string;
  /**
   * The value did nothing on the source chart (none of its keys, no template read it) and a
   * later chart reads it: carried over, it would switch on what the user never had. Says what
   * it would switch on; the pack consistency test checks the source chart has no such key.
   */
  dormant?: string;
}

/** Move every child of a map one level up, to where the map stood (`global.*` → root). */
export interface HoistOp extends Explained {
  op: 'hoist';
  from: string;
}

/**
 * Move a value and change its shape on the way (`webImage: registry.example/app/web` →
 * `dashboard.image: {registry, name}`). The transform is named so reports and docs can say what
 * happened; it may decline with a reason, and the value is then dropped and reported.
 */
export interface ReshapeOp extends Explained {
  op: 'reshape';
  from: string;
  to: string;
  transform: Transform;
}

/**
 * When the new chart changes a default in a way that silently takes something away (a CRD no
 * longer rendered), write the old default explicitly unless the user already set the value.
 */
export interface KeepOldDefaultOp extends Explained {
  op: 'keep-old-default';
  path: string;
  value: Plain;
  why: string;
}

/** Code, where a declaration cannot say it. It sees values only through `HookContext`. */
export interface HookOp extends Explained {
  op: 'hook';
  name: string;
  run: (ctx: HookContext) => void;
}

export type Operation = MoveOp | CopyOp | RemoveOp | HoistOp | ReshapeOp | KeepOldDefaultOp | HookOp;

export interface Transform {
  name: string;
  describe: string;
  apply: (value: Plain) => Plain | { drop: string };
}

/** The narrow capability a hook gets: values of the step's charts, and a way to report. */
export interface HookContext {
  readonly fromRelease: string;
  readonly toRelease: string;
  has(ref: string): boolean;
  get(ref: string): Plain | undefined;
  set(ref: string, value: Plain): void;
  /** Moves a value as the `move` operation does: its comments and place go with it. */
  move(from: string, to: string): void;
  remove(ref: string, why: string): void;
  note(text: string, severity?: Severity, effects?: NotedEffect[]): void;
}

// ---------------------------------------------------------------------------------------------
// Migrations and packs

export interface Successor {
  chart: string;
  /** This successor continues the source document (comments, order). Exactly one per step. */
  inherits?: boolean;
  /** `always`: the user needs this chart to keep today's features, even with no values in it. */
  emit?: 'always' | 'when-values';
  /**
   * Also emitted (even with no values) when the source document held this value before the
   * step: an add-on switched on in the old chart (`tracing.enabled: true`) is this chart now.
   */
  emitWhen?: { path: string; equals: Plain };
  why?: string;
}

export interface ChartStep {
  chart: string;
  /**
   * How a cluster moves this chart's release: `upgrade` (helm upgrade in place, the default) or
   * `handover` (back up and delete the old release's records, re-annotate its objects for the
   * new releases, install those: no upgrade or uninstall of the old release, which would delete
   * objects that moved elsewhere or that the new chart no longer renders).
   */
  cluster?: 'upgrade' | 'handover';
  /** Successor charts; omitted means the chart keeps its name. Empty: the chart is gone. */
  becomes?: Successor[];
  /** When the chart is gone: why, for every value that goes with it. */
  goneWhy?: string;
  operations: Operation[];
}

export interface FollowUp {
  /** Shown when the migration touches `chart` (any chart when omitted). */
  chart?: string;
  text: string;
}

export interface Migration {
  from: string;
  to: string;
  summary: string;
  charts: ChartStep[];
  followUps?: FollowUp[];
  /** Warnings for users coming from particular patches (semver range of the exact --from). */
  preconditions?: { fromVersions: string; text: string }[];
  /** A small input used by the generated docs to show before and after. */
  example?: { chart: string; values: string };
  /**
   * Values one chart's file shares with another's after the step, when one migration produces
   * both (`addon:prometheusUrl` → `core:prometheusUrl` once the control
   * plane reads it too). Copied only when set and the target does not set it already.
   */
  shared?: { from: string; to: string; why: string }[];
}

/**
 * A value the chart's templates insist on (`required`), so a missing one is reported before
 * Helm fails on it. `enforced: false` marks values the chart no longer checks but still needs.
 */
export interface RequiredValue {
  chart: string;
  releases: string[];
  path: string;
  message: string;
  enforced?: boolean;
  /** Only required while this path holds one of these values (undefined: the key is absent). */
  when?: { path: string; in: (Plain | undefined)[] };
  /**
   * A stand-in that lets the chart render when the value is supplied elsewhere (`--set-file`,
   * a Secret): `--verify` renders both sides with it, so it is never a difference.
   */
  placeholder?: string;
}

/**
 * A fix for values written for an early patch of a release, run before the chain when the user's
 * `--from` is such a patch (`2.11.0`, which still required crtExpiry).
 */
export interface PatchMigration extends Migration {
  /** Semver range of the exact versions it applies to, within the `to` release. */
  fromVersions: string;
}

/**
 * What a pack knows about its charts in a cluster, as data and hooks the planner asks: where a
 * new release goes, which objects change hands, what to check before and after, where trust
 * roots live. The planner knows no pack; everything particular to one lives in its profile.
 */
export interface ClusterProfile {
  /**
   * Release name (and namespace) for a chart the plan installs fresh. Without a namespace the
   * release goes beside the objects of the release it continues.
   */
  installs: Record<string, { release: string; namespace?: string }>;
  /** Charts whose objects (before the charts used the release namespace) live in a values key. */
  objectNamespace?: { path: string; defaults: Record<string, string> };
  /** Objects handed to another chart's release when a condition holds (a CRD → the chart that now ships it). */
  adoptions: {
    atRelease: string;
    chart: string;
    object: { apiVersion: string; kind: string; name: string };
    /** Adopt only when resources of this kind exist; otherwise the object is left behind and reported. */
    whenAnyExist: { apiVersion: string; kind: string }[];
    why: string;
  }[];
  /** Values that cannot be installed if an object exists that another owner manages. */
  conflictValues: { kind: string; namePattern: RegExp; chart: string; set: Record<string, Plain>; why: string }[];
  /**
   * A trust root the migration must not change: read from these values paths of these charts
   * and from `key` of ConfigMap `configMap` beside the chart's objects; a difference blocks the
   * plan, and the post-checks compare its digest.
   */
  trustAnchor?: { valuesPath: string[][]; configMap: string; key: string; chart: string[] };
  /**
   * A data plane that must be at most one release behind the control plane before each stage:
   * pods carry their version in this annotation; each stage starts by checking it.
   */
  dataPlane?: { versionAnnotation: string; what: string };
  /**
   * Charts that ship CRDs in their crds/ folder, which Helm installs with the release and never
   * upgrades: each stage puts the target chart's CRDs in place whole before upgrading it.
   */
  crdsFolder?: { charts: string[]; why: string };
  /** CRD groups the software stops serving at a release: their resources are listed before the plan runs. */
  retiredCrdGroups?: { group: string; atRelease: string; why: string }[];
  /**
   * Releases of these charts (CRDs only) that own CRDs the plan applies from a crds/ folder are
   * retired when the plan goes to `fromRelease` or later: their records backed up and deleted,
   * their CRDs kept and freed of Helm ownership, then applied like the rest. Before that release,
   * or for a chart not listed, such an owner blocks the plan.
   */
  retiredCrdCharts?: { charts: string[]; fromRelease: string; why: string };
  /** Releases of these charts are left as they are, with the reason in the plan's notes. */
  leftAlone?: { charts: string[]; why: string }[];
  /** Shown after the plan when it moves a release of one of these charts. */
  followUps?: { charts: string[]; text: string }[];
}

/** A chart repository: the first one matching a chart and release publishes it. */
export interface ChartRepository {
  /** The name its users give it (`helm repo add NAME URL`), for messages only. */
  name: string;
  url: string;
  /** Only these charts (all when absent). */
  charts?: string[];
  /** Only releases whose id matches (all when absent). */
  releases?: RegExp;
}

export interface Pack {
  name: string;
  title: string;
  /** Where the charts are published, most specific first. */
  repositories?: ChartRepository[];
  cluster?: ClusterProfile;
  releases: Release[];
  charts: ChartFamily[];
  migrations: Migration[];
  patchMigrations?: PatchMigration[];
  required?: RequiredValue[];
  /**
   * Objects the charts renamed between releases (`Deployment/app-tap` → `Deployment/tap`),
   * so a verification finds a setting on the object's new name.
   */
  objectRenames?: Record<string, string[]>;
  /**
   * What the pack's applications do where the chart renders no flag for a setting, for telling an
   * added effect from one the user already had (see verify/added.ts).
   */
  applicationDefaults?: ApplicationDefault[];
  /**
   * API versions the charts are rendered with beyond Kubernetes' own (`helm template
   * --api-versions`): templates of features that need an operator's API (a ServiceMonitor) render
   * only where it is served, and a user who turns such a feature on has it.
   */
  renderApiVersions?: string[];
  /** Values an application reads as one (`--accesslog.format=CLF` is the common log format). */
  applicationAliases?: ApplicationAlias[];
  /**
   * Values a verification render fixes when the user has not set them, because the chart would
   * otherwise compute them from something that differs between two renders (the clock).
   */
  renderPins?: { charts: string[]; path: string; value: Plain; why: string }[];
  /**
   * Sidecars a webhook injects at admission rather than the chart rendering them: on a pod
   * template carrying `annotation: value`, these containers come from the injector's
   * configuration (the control plane's values), so a verification looks for their settings there.
   */
  admissionInjected?: { containers: string[]; annotation: string; value: string; why: string };
  /**
   * ConfigMaps that hold the chart's values as written (for the CLI, the injector): an entry
   * there is a copy of a value, not a setting of its own. A verification checks the user's text
   * in it reappears somewhere in the target, and ignores entries that carry none.
   */
  valuesDumps?: { object: string; why: string }[];
  /**
   * Values that pin an image or component version. A pin equal to a tag the old release line
   * shipped (any of its patches, not only the snapshot's) is the old release's own and is
   * dropped, so the new chart runs its own images; any other pin is kept and reported.
   */
  versionPins?: VersionPins;
  /** Default snapshot of a release; packs load these lazily from their own files. */
  snapshot(releaseId: string): ReleaseSnapshot;
}

export interface VersionPins {
  /** Paths in the charts' values, `*` for any one key and `**` for any run of keys. */
  paths: string[];
  /** Tags a release line shipped across its patches, beyond its snapshot's own defaults. */
  shipped(release: string): (string | RegExp)[];
}

// ---------------------------------------------------------------------------------------------
// What the engine reports

export type Severity = 'info' | 'warning';

/**
 * A setting the application reads as a default when the chart renders nothing for it: an absent
 * `--check-updates` may mean an application that checks. A target that renders the flag with the
 * default's value adds nothing.
 */
export interface ApplicationDefault {
  /** The flag as rendered in a container's args, up to and including `=`. */
  flag: string;
  /** The value the application takes without the flag. */
  value: string;
  why: string;
}

/**
 * A rendered change a note speaks for: an object (`Kind/name`, `Kind/*` where the name follows
 * the release, `*` for every object), and where given only its fields
 * containing `field` (compared without case: `allowACMEByPass` finds the flag however spelled).
 */
export interface NotedEffect {
  object: string;
  field?: string;
}

/** Spellings of one setting's value that an application reads the same. */
export interface ApplicationAlias {
  /** The flag as rendered in a container's args, up to and including `=`. */
  flag: string;
  values: string[];
  why: string;
}

export type Diagnostic =
  | { kind: 'applied'; step: string; op: Operation['op']; from: string; to?: string; why?: string }
  /** `value` is what was dropped, for matching a verification's findings; reports never print it. */
  | { kind: 'dropped'; step: string; chart: string; path: string; why: string; severity: Severity; value?: Plain }
  | {
      kind: 'default-changed';
      step: string;
      chart: string;
      path: string;
      value: Plain;
      oldDefault: Plain;
      newDefault: Plain | undefined;
      adopted: boolean;
    }
  | { kind: 'conflict'; step: string; chart: string; path: string; kept: Plain; replaced: Plain; why: string }
  | { kind: 'unknown-key'; chart: string; path: string; release: string }
  /**
   * `effects`: what the note explains on the rendered target, for a verification to find what
   * the migration said about an effect the user's values did not have before.
   */
  | { kind: 'note'; step: string; text: string; severity: Severity; effects?: NotedEffect[] };

/**
 * Where a new key goes in its parent map: the map at `depth` (0 = the document root) along the
 * target path gets the new key at `index`. Used to keep a renamed or hoisted key where it was.
 */
export interface Position {
  depth: number;
  index: number;
}

/** A values document the engine can edit while keeping comments, order and style. */
export interface ValuesDoc {
  has(path: Path): boolean;
  get(path: Path): Plain | undefined;
  isMap(path: Path): boolean;
  keys(path: Path): string[];
  /** Takes a key out with its comments; undefined when absent. `remove`: it goes for good. */
  detach(path: Path, purpose?: 'move' | 'remove'): Detached | undefined;
  /** Puts a detached key at `path`, creating parent maps (at `at`, if given). */
  attach(path: Path, node: Detached, at?: Position): void;
  /** Moves the leading comment of the key at `from` onto the key at `to`. */
  moveComments(from: Path, to: Path): void;
  /** Index of the last key of `path` in its parent map, or -1. */
  indexOf(path: Path): number;
  /**
   * Writes a plain value; a new key takes the comments of `commentFrom`. A scalar equal to the
   * one written over, or a list item equal to one of the old list's (or of a list in `reuse`,
   * keys just taken out), keeps its quoting and comments.
   */
  set(path: Path, value: Plain, opts?: { commentFrom?: Detached; at?: Position; reuse?: Detached[] }): void;
  delete(path: Path): boolean;
  /** Ends an edit (repairs aliases the edit broke); called between operations. */
  settle(): void;
  toPlain(): PlainMap;
  /** The document as YAML text (the original text, byte for byte, when nothing changed). */
  toString(): string;
  /**
   * The same text in parts, in order. A large file's cut subtrees (src/values/splice.ts) stay
   * strings of their own, so a file is written without first copying all of it into one.
   */
  textParts(): readonly string[];
  readonly dirty: boolean;
  isEmpty(): boolean;
}

/** A key taken out of a document, carrying its value and comments. Opaque to the engine. */
export interface Detached {
  readonly value: Plain;
}

export interface DocFactory {
  /** A new, empty values document for a chart that did not exist before. */
  create(header: string): ValuesDoc;
}
