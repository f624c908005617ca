/** Help texts, kept next to the command table so they cannot drift from the flags. */
export const mainHelp = `helm-migrate: move a Helm installation across chart versions, renames and splits
without losing a customization.

Usage:
  helm-migrate FILE --from VERSION --to VERSION [options]      (FILE or - for stdin)
  helm-migrate values FILE [--chart CHART] --from VERSION --to VERSION [options]
  helm-migrate plan --release NAME -n NAMESPACE --to VERSION [-o plan.yaml]
  helm-migrate plan --all-namespaces --to VERSION [-o plan.yaml]
  helm-migrate apply plan.yaml [--yes] [--resume]
  helm-migrate rollback plan.yaml [--yes]
  helm-migrate list
  helm-migrate wizard            (or no arguments, in a terminal)

Run helm-migrate COMMAND --help for the options of a command.

Global options:
  --no-color        no colours (also: NO_COLOR=1)
  --debug           print the causes and stack of an error (also: HELM_MIGRATE_DEBUG=1)
  -h, --help        this help
  --version         print the version

Exit codes: 0 ok; 1 cannot migrate / failed (nothing changed); 2 usage error;
3 --check found work to do; 4 cluster unreachable or access denied;
5 stale, edited or busy plan (nothing changed); 6 apply stopped part-way (resume or rollback);
7 --verify found a customization that did not survive; 70 internal error; 130 interrupted.
`;

export const valuesHelp = `Usage: helm-migrate [values] FILE [--chart CHART] --from VERSION --to VERSION [options]

Rewrites a values file (or a Flux HelmRelease / Argo CD Application) for a newer chart
version, keeping comments, key order and quoting, and writing one file per target chart.

Versions: 2.9, 2.9.5, stable-2.9.5, edge-26.8.3, a chart version (1.16.11), or latest.

Options:
  FILE                    a values file, a Flux/Argo CD manifest, or - for standard input
  --chart CHART           the chart the values are for (helm-migrate list shows them);
                          inferred from the keys when left out (exit 2 when they do not say)
  --from VERSION          the version they were written for
  --to VERSION            the target version (latest = newest the pack knows)
  --out-dir DIR           write DIR/<chart>.values.yaml for every target chart
  -o, --output FILE       write the (single) target file here; - for stdout (the default)
  --in-place              rewrite FILE itself (same chart before and after)
  --check                 write nothing; exit 3 if FILE still needs migration to --to
  --adopt-new-defaults    drop values equal to an old default that has since changed
  --report text|json      report format on stderr (default text)
  --verify                render the source chart with FILE and the target charts with the
                          migrated values (real helm) and list every customization that is
                          not in force afterwards; exit 7 if there is one
  --charts-dir DIR        charts for --verify from DIR/<version>/<chart> or DIR/<chart>
                          instead of the chart repositories
  --values-path KEY       the values sit under KEY (an umbrella chart's dependency; dotted for
                          deeper); found by their keys when the file's root is no chart's values
  --pack NAME             migration pack (default: the one that knows --chart)
  -q, --quiet             no report
`;

export const listHelp = `Usage: helm-migrate list [--output json]

Shows the migration packs, their releases and charts, and the steps between releases.
`;

export const planHelp = `Usage: helm-migrate plan --release NAME [-n NAMESPACE] --to VERSION [-o plan.yaml]
       helm-migrate plan --all-namespaces --to VERSION [-o plan.yaml]
       helm-migrate plan --show plan.yaml

Reads the release from Helm's storage, migrates its values (and those of the pack's other
releases) one release at a time, renders the target charts, classifies every object, and writes
a plan to review. Changes nothing.

Options:
  --release NAME          the release to migrate (its pack's other releases come along)
  -n, --namespace NS      the release's namespace (default: HELM_NAMESPACE, else default)
  -A, --all-namespaces    plan every release of every known pack
  --to VERSION            target version (2.12, edge-26.8.3, latest, …)
  -o, --output FILE       save the plan (values files go to FILE.d/, mode 0600); else print it
  --charts-dir DIR        take charts from DIR/<chart> or DIR/<version>/<chart> instead of repositories
  --kubeconfig FILE       default: KUBECONFIG, else ~/.kube/config
  --kube-context NAME     default: HELM_KUBECONTEXT, else the current context
  --format text|json      stdout format (default text: the plan YAML)
  --show FILE             print exactly what apply would run from a saved plan, step by step,
                          after checking it is the plan helm-migrate wrote (exit 5 if it changed)

Environment: HELM_DRIVER (secret|configmap), HELM_BIN (the helm to run), HELM_NAMESPACE, HELM_KUBECONTEXT, KUBECONFIG.
`;

export const applyHelp = `Usage: helm-migrate apply plan.yaml [--yes] [--resume]

Runs a saved plan: refuses a stale plan or one for another cluster, asks before changing
anything (on a terminal; --yes otherwise), journals every step beside the plan.

Options:
  -y, --yes           do not ask
  --resume            continue a plan that stopped part-way (finished steps are not repeated)
  --kubeconfig FILE   as for plan; the context is the plan's own
  --format text|json  a JSON result on stdout
`;

export const rollbackHelp = `Usage: helm-migrate rollback plan.yaml [--yes]

Undoes a partly applied plan while the new releases are not yet in place: restores the old
release records from the plan's backups and hands re-annotated objects back to the old release.
`;

export const wizardHelp = `Usage: helm-migrate wizard   (or helm-migrate with no arguments, in a terminal)

Asks what to migrate (a values file, or a release in the cluster), detects the chart and
version, lets you choose the target, shows the changes (secrets redacted), writes the files or
the plan, and prints the equivalent command line for pipelines. Ctrl-C at any prompt leaves
everything as it was. Colours follow NO_COLOR and --no-color.
`;
