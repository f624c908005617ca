import type { VersionPins } from '../../src/core/types.js';

/**
 * Where the charts take an image version. A tag equal to one the old chart itself set (its
 * snapshot's defaults) is dropped, so the new chart runs its own images; any other tag is kept
 * and reported. The tags of the other patches of each major are not listed yet: a copied tag of
 * an older patch is kept and reported as a custom pin.
 */
export const versionPins: VersionPins = {
  paths: ['**.image.tag', 'prometheusOperator.thanosImage.tag', 'grafana.downloadDashboardsImage.tag', 'grafana.testFramework.tag'],
  shipped: () => [],
};
