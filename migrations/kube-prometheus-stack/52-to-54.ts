import { defineMigration } from '../../src/core/define.js';
import type { HookOp } from '../../src/core/types.js';
import { registryHost } from '../../src/core/image-reference.js';
import { splitImageRegistry, splitSwitch } from './transforms.js';

/** The rule groups chart 54.2 made of the `k8s` group (PR #3883); the working-set one was already read. */
const k8sGroups = [
  'k8sContainerCpuUsageSecondsTotal',
  'k8sContainerMemoryCache',
  'k8sContainerMemoryRss',
  'k8sContainerMemorySwap',
  'k8sContainerMemoryWorkingSetBytes',
  'k8sContainerResource',
  'k8sPodOwner',
];

const splitWhy = 'chart 54.2 split the k8s rule group (no template reads the old switch): a group switched off would come back';

/** The extra labels or annotations of the old `k8s` group, given to each group it became. */
function splitGroupMap(map: 'additionalRuleGroupLabels' | 'additionalRuleGroupAnnotations'): HookOp {
  return splitSwitch(`defaultRules.${map}.k8s`, k8sGroups.map((g) => `defaultRules.${map}.${g}`), '54.2.0', `chart 54.2 split the k8s rule group: its ${map === 'additionalRuleGroupLabels' ? 'labels' : 'annotations'} go to each new group`);
}

const grafanaImages = ['grafana.image', 'grafana.sidecar.image', 'grafana.initChownData.image', 'grafana.downloadDashboardsImage', 'grafana.imageRenderer.image'];

/**
 * Chart 54 brings the grafana chart 7: its images take a registry of their own (so the parent's
 * global.imageRegistry reaches them too), and the test image is a map. Chart 54.2 split the
 * `k8s` recording-rule group.
 */
export default defineMigration({
  from: '52',
  to: '54',
  summary: 'grafana images: registry out of repository; grafana.testFramework.{image,tag} → image.{registry,repository,tag}; defaultRules k8s split into seven groups',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        ...grafanaImages.map((i) => splitImageRegistry(i, '54.0.0', '54 (grafana chart 7)')),
        {
          op: 'hook',
          name: 'grafana-test-image',
          since: '54.0.0',
          why: 'grafana chart 7 takes the test image as {registry, repository, tag}',
          run(ctx) {
            const image = ctx.get('grafana.testFramework.image');
            const tag = ctx.get('grafana.testFramework.tag');
            if (typeof image === 'string' && image !== '') {
              const host = registryHost(image);
              ctx.set('grafana.testFramework.image', { registry: host?.registry ?? 'docker.io', repository: host?.rest ?? image });
            }
            if (tag !== undefined) ctx.move('grafana.testFramework.tag', 'grafana.testFramework.image.tag');
          },
        },
        splitSwitch('defaultRules.rules.k8s', k8sGroups.map((g) => `defaultRules.rules.${g}`), '54.2.0', splitWhy),
        splitGroupMap('additionalRuleGroupLabels'),
        splitGroupMap('additionalRuleGroupAnnotations'),
      ],
    },
  ],
  followUps: [{ chart: 'kube-prometheus-stack', text: 'global.imageRegistry now applies to Grafana\'s images too (grafana chart 7): set grafana.image.registry and its siblings if Grafana comes from another registry.' }],
  example: {
    chart: 'kube-prometheus-stack',
    values: 'defaultRules:\n  rules:\n    k8s: false\ngrafana:\n  image:\n    repository: mirror.example.com/grafana/grafana\n',
  },
});
