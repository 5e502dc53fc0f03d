import { Skeleton } from 'antd';
import { type ComponentProps, lazy, Suspense } from 'react';

const Editor = lazy(() => import('./RichTextEditor.tsx'));

/** The rich-text editor comes in its own chunk (ProseMirror is large): forms load it on use. */
export function RichTextEditor(props: ComponentProps<typeof Editor>) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} aria-busy />}>
      <Editor {...props} />
    </Suspense>
  );
}
