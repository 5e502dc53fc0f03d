import { defineMessages } from '../i18n/index.tsx';

/** The collections pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const COLLECTIONS_MESSAGES = defineMessages('collections', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
