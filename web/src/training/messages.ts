import { defineMessages } from '../i18n/index.tsx';

/** The training pages' words (console and portal), loaded with them. */
export const TRAINING_MESSAGES = defineMessages('training', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
