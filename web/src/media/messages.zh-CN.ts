/** The media library: loaded with them (zh-CN, the reference: en-US has exactly these keys). */
export const messages = {
  'media.libraryText':
    '单位上传的图片、视频、音频、PDF 和三维模型。文件类型按内容识别；图片会重新编码并去除拍摄位置等元数据。',
  'media.limits':
    '支持 JPEG、PNG、GIF、WebP、AVIF 图片（不超过 20 MB），PDF（50 MB），MP4、WebM 视频（512 MB），MP3、M4A、Ogg、WAV、FLAC、WebM 音频（200 MB），glTF/GLB 三维模型（100 MB）。',
  'media.justUploaded': '刚上传的文件',
  'media.preview': '预览',
  'media.name': '文件名',
  'media.kind': '类型',
  'media.allKinds': '全部类型',
  'media.size': '大小',
  'media.mine': '只看我上传的',
  'media.uploader': '上传人',
  'media.uses': '引用次数',
  'media.uploadedAt': '上传时间',
  'media.alt': '替代文字',
  'media.altHelp': '为看不到图片的读者描述图片内容，读屏软件会朗读这段文字。',
  'media.delete': '删除',
  'media.deleteOne': '删除“{name}”',
  'media.deleted': '“{name}”已删除',
  'confirm.deleteMedia.title': '删除“{name}”？',
  'confirm.deleteMedia.body': '文件将从媒体库中删除，删除后无法恢复。',
  'confirm.deleteMedia.ok': '删除',
} as const;
