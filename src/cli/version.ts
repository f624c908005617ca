/** Replaced at build time with package.json's version; tests see the development marker. */
declare const __HELM_MIGRATE_VERSION__: string | undefined;
export const VERSION: string = typeof __HELM_MIGRATE_VERSION__ === 'string' ? __HELM_MIGRATE_VERSION__ : '0.0.0-dev';
