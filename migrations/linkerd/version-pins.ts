import type { VersionPins } from '../../src/core/types.js';

/**
 * Where Linkerd's charts take a version, and the tags each release line shipped beyond the last
 * patch the default snapshots were taken from. The proxy-init versions per patch range are those
 * of the charts' values.yaml at each tag (../shared/docs/linkerd-values-changes.md, table 1).
 */
const proxyInit: Record<string, string[]> = {
  '2.8': ['v1.3.2', 'v1.3.3'],
  '2.9': ['v1.3.6', 'v1.3.9'],
  '2.10': ['v1.3.9', 'v1.3.11'],
  '2.11': ['v1.4.0', 'v1.5.3'],
  '2.12': ['v2.0.0'],
  '2.13': ['v2.2.1', 'v2.2.3'],
  '2.14': ['v2.2.1', 'v2.2.3'],
};

export const versionPins: VersionPins = {
  paths: ['linkerdVersion', 'global.linkerdVersion', 'cniPluginVersion', 'controllerImageVersion', '**.image.version', '**.image.tag'],
  shipped(release) {
    // Every patch of a stable minor is `stable-<minor>.<patch>`; an edge release is its own tag.
    const line = /^\d+\.\d+$/.test(release) ? [new RegExp(`^stable-${release.replace('.', '\\.')}\\.\\d+$`)] : [release];
    return [...line, ...(proxyInit[release] ?? [])];
  },
};
