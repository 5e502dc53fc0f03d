import { defineMessages } from '../i18n/index.tsx';

/** The appointments console pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const APPOINTMENTS_MESSAGES = defineMessages('appointments', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
