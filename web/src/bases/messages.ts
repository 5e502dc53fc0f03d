import { defineMessages } from '../i18n/index.tsx';

/** The bases pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const BASES_MESSAGES = defineMessages('bases', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
