import { defineMessages } from '../i18n/index.tsx';

/** The certificates console pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const CERTIFICATES_MESSAGES = defineMessages('certificates', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
