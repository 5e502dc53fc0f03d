import Image from '@tiptap/extension-image';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Input, Modal, Space, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Media } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';
import { LibraryModal } from '../media/MediaPicker.tsx';
import { safeHtml } from './richtext.ts';

/**
 * The rich-text editor of works and collections: headings, emphasis, lists, quotes, links and
 * images from the media library. Its HTML is sanitized again on the server; the allowed tags are
 * the server's (platform/richtext.ts). Every tool is a labelled button with its pressed state,
 * and the usual shortcuts work (Ctrl+B, Ctrl+I, Ctrl+Z …).
 */
export default function RichTextEditor({
  id,
  value,
  onChange,
  label,
  organisationId,
}: {
  id?: string;
  value?: string;
  onChange?: (html: string) => void;
  label: string;
  /** Where pictures may come from (the unit's media library); no picture tool without it. */
  organisationId?: string;
}) {
  const t = useT();
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const [picking, setPicking] = useState(false);
  const emitted = useRef(value ?? '');
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        link: { openOnClick: false, protocols: ['http', 'https', 'mailto'], autolink: true },
      }),
      Image.configure({ inline: false }),
    ],
    content: safeHtml(value ?? ''),
    editorProps: {
      attributes: {
        id: id ?? '',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        class: 'rich-text-content work-body',
      },
    },
    onUpdate: ({ editor: e }) => {
      const html = e.getText().trim() || e.getHTML().includes('<img') ? e.getHTML() : '';
      emitted.current = html;
      onChange?.(html);
    },
  });
  // A value set from outside (a form reset), not one this editor just emitted, replaces the content.
  useEffect(() => {
    if (editor && value !== undefined && value !== emitted.current) {
      emitted.current = value;
      editor.commands.setContent(safeHtml(value), { emitUpdate: false });
    }
  }, [editor, value]);

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            bold: e.isActive('bold'),
            italic: e.isActive('italic'),
            underline: e.isActive('underline'),
            strike: e.isActive('strike'),
            h2: e.isActive('heading', { level: 2 }),
            h3: e.isActive('heading', { level: 3 }),
            bullet: e.isActive('bulletList'),
            ordered: e.isActive('orderedList'),
            quote: e.isActive('blockquote'),
            link: e.isActive('link'),
            canUndo: e.can().undo(),
            canRedo: e.can().redo(),
          }
        : null,
  });
  if (!editor || !state) return null;
  const chain = () => editor.chain().focus();
  const tool = (
    key: string,
    text: string,
    name: string,
    active: boolean | undefined,
    run: () => void,
    disabled = false,
  ) => (
    <Tooltip title={name} key={key}>
      <Button
        size="small"
        type={active ? 'primary' : 'default'}
        aria-pressed={active === undefined ? undefined : active}
        aria-label={name}
        disabled={disabled}
        onClick={run}
      >
        {text}
      </Button>
    </Tooltip>
  );

  return (
    <div className="rich-text">
      <div className="rich-text-toolbar" role="toolbar" aria-label={t('editor.toolbar', { label })}>
        <Space wrap size={4}>
          {tool('h2', 'H2', t('editor.h2'), state.h2, () =>
            chain().toggleHeading({ level: 2 }).run(),
          )}
          {tool('h3', 'H3', t('editor.h3'), state.h3, () =>
            chain().toggleHeading({ level: 3 }).run(),
          )}
          {tool('b', 'B', t('editor.bold'), state.bold, () => chain().toggleBold().run())}
          {tool('i', 'I', t('editor.italic'), state.italic, () => chain().toggleItalic().run())}
          {tool('u', 'U', t('editor.underline'), state.underline, () =>
            chain().toggleUnderline().run(),
          )}
          {tool('s', 'S', t('editor.strike'), state.strike, () => chain().toggleStrike().run())}
          {tool('ul', '•', t('editor.bullet'), state.bullet, () =>
            chain().toggleBulletList().run(),
          )}
          {tool('ol', '1.', t('editor.ordered'), state.ordered, () =>
            chain().toggleOrderedList().run(),
          )}
          {tool('q', '❝', t('editor.quote'), state.quote, () => chain().toggleBlockquote().run())}
          {tool('hr', '—', t('editor.rule'), undefined, () => chain().setHorizontalRule().run())}
          {tool('a', t('editor.linkShort'), t('editor.link'), state.link, () => {
            setHref(String(editor.getAttributes('link').href ?? 'https://'));
            setLinkOpen(true);
          })}
          {organisationId &&
            tool('img', t('editor.imageShort'), t('editor.image'), undefined, () =>
              setPicking(true),
            )}
          {tool(
            'undo',
            '↶',
            t('editor.undo'),
            undefined,
            () => chain().undo().run(),
            !state.canUndo,
          )}
          {tool(
            'redo',
            '↷',
            t('editor.redo'),
            undefined,
            () => chain().redo().run(),
            !state.canRedo,
          )}
        </Space>
      </div>
      <EditorContent editor={editor} />
      <Modal
        open={linkOpen}
        title={t('editor.link')}
        okText={t('common.confirm')}
        cancelText={t('form.cancel')}
        onCancel={() => setLinkOpen(false)}
        onOk={() => {
          const url = href.trim();
          if (!url || url === 'https://') chain().extendMarkRange('link').unsetLink().run();
          else if (/^(https?:\/\/|mailto:)/i.test(url))
            chain().extendMarkRange('link').setLink({ href: url }).run();
          setLinkOpen(false);
        }}
      >
        <label htmlFor="rich-text-href">{t('editor.linkUrl')}</label>
        <Input id="rich-text-href" value={href} onChange={(e) => setHref(e.target.value)} />
        <p className="muted">{t('editor.linkHelp')}</p>
      </Modal>
      <LibraryModal
        open={picking}
        kind="IMAGE"
        onClose={() => setPicking(false)}
        onPick={(m: Media) => {
          setPicking(false);
          chain()
            .setImage({ src: m.displayUrl ?? m.url, alt: m.alt || m.name })
            .run();
        }}
      />
    </div>
  );
}
