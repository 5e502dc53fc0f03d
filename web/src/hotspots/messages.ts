import { defineMessages } from '../i18n/index.tsx';

/** The hotspot pages' words (console), loaded with them. */
export const HOTSPOT_MESSAGES = defineMessages('hotspots', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
