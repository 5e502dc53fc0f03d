import { defineMessages } from '../i18n/index.tsx';

/** The debunk pages' words (portal channel, report form, console editor and triage), loaded with them. */
export const DEBUNKS_MESSAGES = defineMessages('debunks', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
