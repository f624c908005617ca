import { defineTransform } from '../../src/core/define.js';
import { isPlainMap, type Plain } from '../../src/core/plain.js';
import { parseEmbeddedDocument } from '../../src/values/manifests.js';

/**
 * `providers.file.content`: the file provider's dynamic configuration, a YAML string until chart
 * 40 and an object from 41 (the chart writes it with toYaml either way, so the same object is
 * the same file). A string that is not one YAML mapping cannot become an object without
 * guessing: it is dropped and reported with what to do.
 */
export const yamlTextToMap = defineTransform({
  name: 'yaml-text-to-map',
  describe: 'YAML document in a string → the same document as a map',
  apply(value: Plain) {
    if (isPlainMap(value)) return value;
    if (typeof value !== 'string') return { drop: `expected YAML text, found ${JSON.stringify(value)}; chart 41 takes the file provider's configuration as a map` };
    if (value.trim() === '') return {};
    const doc = parseEmbeddedDocument(value);
    if (!isPlainMap(doc)) {
      return { drop: 'the text is not one YAML mapping (a template, or TOML?); chart 41 takes the file provider\'s configuration as a map: write it under providers.file.content as YAML' };
    }
    return doc as Plain;
  },
});

/**
 * A Gateway listener's `namespacePolicy`: the `from` value alone (`All`, `Same`) until chart 36,
 * the whole `allowedRoutes.namespaces` object from 37 (so a `selector` fits beside it).
 */
export const namespacePolicyToObject = defineTransform({
  name: 'namespace-policy-to-object',
  describe: '`All` → `{from: All}`',
  apply(value: Plain) {
    return typeof value === 'string' ? { from: value } : value;
  },
});
