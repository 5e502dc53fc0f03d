import type { MessagesLike } from '../i18n/index.tsx';
import type { messages as zhCN } from './messages.zh-CN.ts';

export const messages: MessagesLike<typeof zhCN> = {
  'media.libraryText':
    'Images, videos, audio, PDFs and 3D models of your units. File types are recognised by content; images are re-encoded without location and other metadata.',
  'media.limits':
    'JPEG, PNG, GIF, WebP and AVIF images (up to 20 MB), PDF (50 MB), MP4 and WebM videos (512 MB), MP3, M4A, Ogg, WAV, FLAC and WebM audio (200 MB), glTF/GLB 3D models (100 MB).',
  'media.justUploaded': 'Just uploaded',
  'media.preview': 'Preview',
  'media.name': 'File name',
  'media.kind': 'Kind',
  'media.allKinds': 'All kinds',
  'media.size': 'Size',
  'media.mine': 'Only my uploads',
  'media.uploader': 'Uploaded by',
  'media.uses': 'Used in',
  'media.uploadedAt': 'Uploaded',
  'media.alt': 'Text alternative',
  'media.altHelp':
    'Describes the image for readers who cannot see it; screen readers read it aloud.',
  'media.delete': 'Delete',
  'media.deleteOne': 'Delete “{name}”',
  'media.deleted': '“{name}” deleted',
  'confirm.deleteMedia.title': 'Delete “{name}”?',
  'confirm.deleteMedia.body': 'The file is removed from the media library and cannot be restored.',
  'confirm.deleteMedia.ok': 'Delete',
};
