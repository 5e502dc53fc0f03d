import { defineMessages } from '../i18n/index.tsx';

/** The 应急科普 console pages' words, loaded with them. */
export const EMERGENCY_MESSAGES = defineMessages('emergency', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
