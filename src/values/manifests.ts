/** Reading rendered manifests (multi-document YAML) into objects, and writing YAML text. */
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../kube/types.js';
import { helmSchema } from './yaml-values.js';

export function parseManifests(text: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS({ maxAliasCount: 1000 }) as KubeObject | null;
    if (o && typeof o === 'object' && o.kind && o.metadata?.name) out.push(o);
  }
  return out;
}

/** The CustomResourceDefinitions of a manifest stream (`helm show crds`, a saved CRD file). */
export function parseCrds(text: string): KubeObject[] {
  return parseManifests(text).filter((o) => o.kind === 'CustomResourceDefinition');
}

export function toYaml(value: unknown): string {
  // In Helm's YAML 1.1, so a string such as "on" or "010" is quoted and read back as a string.
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false, ...helmSchema });
}

export { parse as parseYaml } from 'yaml';

/**
 * A multi-line string that holds one YAML or JSON document (a component's config file inside a
 * ConfigMap), parsed; undefined when it does not hold one. For `flatten` in src/verify.
 */
export function parseEmbeddedDocument(text: string): unknown {
  try {
    const docs = parseAllDocuments(text, { logLevel: 'error' });
    if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length) return undefined;
    return docs[0].toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

/** Every object of a rendered manifest stream, whatever its shape (for `flatten`). */
export function parseRendered(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).flatMap((d) => {
    const o = d.toJS({ maxAliasCount: -1 }) as Record<string, unknown> | null;
    return o && typeof o === 'object' ? [o] : [];
  });
}
