import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { MediaKind } from '#platform/db/schema.ts';
import { AppError, fieldError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, can, ROLES, scopeOf } from '#platform/policy.ts';
import { asStorageError, type ByteRange, type Storage } from '#platform/storage/storage.ts';
import { WorkSlots } from '#platform/work-slots.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { grantByUse, type MediaResource, type MediaUseGrant } from './access.ts';
import './policy.ts';
import { processUpload } from './process.ts';

/** Image re-encoding and video probing (sharp, ffmpeg) at once: two a person, four in all. */
const mediaSlots = new WorkSlots(2, 4, {
  'zh-CN': '文件处理',
  'en-US': 'file uploads being processed',
});

import * as repo from './repo.ts';
import {
  type ListMediaQuery,
  MEDIA_LIMITS,
  MEDIA_MAX_BYTES,
  type Media,
  type UpdateMediaSchema,
  type UploadQuerySchema,
} from './schema.ts';
import { type Refused, SNIFF_BYTES, type Sniffed, sniff } from './sniff.ts';

type Files = Partial<Record<'original' | 'thumb' | 'display' | 'poster', string>>;

const KIND_NAME: Record<MediaKind, { 'zh-CN': string; 'en-US': string }> = {
  IMAGE: { 'zh-CN': '图片', 'en-US': 'image' },
  PDF: { 'zh-CN': 'PDF 文档', 'en-US': 'PDF' },
  VIDEO: { 'zh-CN': '视频', 'en-US': 'video' },
  // 'a sound file may be at most …' reads where 'a audio' would not.
  AUDIO: { 'zh-CN': '音频', 'en-US': 'sound file' },
  MODEL: { 'zh-CN': '三维模型', 'en-US': '3D model' },
  DOCUMENT: { 'zh-CN': 'Word 或 Excel 文档', 'en-US': 'Word or Excel document' },
};

const REFUSED: Record<Refused, [string, string]> = {
  HTML: [
    '不接收 HTML 文件（无论扩展名是什么）',
    'HTML files are not accepted, whatever their name',
  ],
  SVG: [
    '不接收 SVG 文件，请转换为 PNG 或 JPEG',
    'SVG files are not accepted; convert to PNG or JPEG',
  ],
  XML: ['不接收 XML 文件', 'XML files are not accepted'],
  SCRIPT: ['不接收脚本文件', 'Script files are not accepted'],
  ARCHIVE: [
    '不接收压缩包（Word、Excel 文档除外），请上传文件本身',
    'Archives are not accepted (Word and Excel documents are); upload the file itself',
  ],
  QUICKTIME: ['请将 MOV 视频转换为 MP4 后再上传', 'Convert MOV videos to MP4 before uploading'],
  UNKNOWN: [
    '无法识别的文件类型。支持：JPEG、PNG、GIF、WebP、AVIF 图片，PDF，Word、Excel 文档，MP4、WebM 视频，MP3、M4A、Ogg、WAV、FLAC、WebM 音频，glTF/GLB 三维模型',
    'Unrecognised file type. Accepted: JPEG, PNG, GIF, WebP, AVIF images, PDF, Word and Excel documents, MP4 and WebM videos, MP3, M4A, Ogg, WAV, FLAC and WebM audio, glTF/GLB 3D models',
  ],
};

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function tooLarge(kind: MediaKind): AppError {
  return new AppError('FILE_TOO_LARGE', { kind: KIND_NAME[kind], limit: mib(MEDIA_LIMITS[kind]) });
}

function refused(r: Refused): AppError {
  const [zh, en] = REFUSED[r];
  return new AppError('FILE_TYPE_REFUSED', { reason: { 'zh-CN': zh, 'en-US': en } });
}

/** The extension of a stored variant (its key ends with it), e.g. pdf, jpg, webp. */
const extensionOf = (key: string | undefined) => /\.([a-z0-9]+)$/.exec(key ?? '')?.[1] ?? 'bin';

/**
 * The URLs of a stored file. With an `alias` (a blind review's 附件1), the reader sees that name
 * with the file's extension and no text of the uploader's.
 */
export function presentMedia(m: repo.MediaRow, alias: string | null = null): Media {
  const files = JSON.parse(m.files) as Files;
  const url = (v: keyof Files) => (files[v] ? `/api/media/${m.id}/${v}` : null);
  return {
    id: m.id,
    kind: m.kind,
    mime: m.mime,
    name: alias === null ? m.name : `${alias}.${extensionOf(files.original)}`,
    alt: alias === null ? m.alt : '',
    size: m.size,
    width: m.width,
    height: m.height,
    durationMs: m.durationMs,
    url: `/api/media/${m.id}/original`,
    thumbUrl: url('thumb'),
    displayUrl: url('display'),
    posterUrl: url('poster'),
  };
}

/**
 * Streams the request body to a scratch file, deciding the type from the first bytes; a refused
 * type or a size over the type's limit stops the write (the rest of the body is drained unread).
 */
function receive(
  body: Readable,
  scratch: string,
  declaredLength: number | null,
): Promise<{ sniffed: Sniffed; size: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(scratch);
    const hash = crypto.createHash('sha256');
    let head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let sniffed: Sniffed | null = null;
    let failed = false;
    // The scratch file is opened asynchronously: settle only once the stream has closed, so the
    // caller's clean-up never runs before an open still in flight creates the file.
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      body.resume();
      if (out.closed) return reject(e);
      out.once('close', () => reject(e));
      out.destroy();
    };
    const decide = () => {
      const r = sniff(Buffer.concat(head));
      head = [];
      if ('refused' in r) throw refused(r.refused);
      if (declaredLength !== null && declaredLength > MEDIA_LIMITS[r.kind]) throw tooLarge(r.kind);
      sniffed = r;
    };
    body.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        size += chunk.length;
        if (!sniffed) {
          head.push(chunk);
          headBytes += chunk.length;
          if (headBytes >= SNIFF_BYTES) decide();
        }
        if (sniffed && size > MEDIA_LIMITS[sniffed.kind]) throw tooLarge(sniffed.kind);
        hash.update(chunk);
        if (!out.write(chunk)) {
          body.pause();
          out.once('drain', () => body.resume());
        }
      } catch (e) {
        fail(e);
      }
    });
    body.on('error', fail);
    out.on('error', (e) => fail(asStorageError(e, 'write', scratch)));
    body.on('end', () => {
      if (failed) return;
      try {
        if (size === 0) throw refused('UNKNOWN');
        if (!sniffed) decide();
        if (sniffed && size > MEDIA_LIMITS[sniffed.kind]) throw tooLarge(sniffed.kind);
      } catch (e) {
        return fail(e);
      }
      // The callback also hears of a write that failed (a scratch folder that cannot be
      // written): that is no file to process.
      out.end((e?: Error | null) =>
        e
          ? fail(asStorageError(e, 'write', scratch))
          : resolve({ sniffed: sniffed!, size, sha256: hash.digest('hex') }),
      );
    });
  });
}

/**
 * Upload: type by content, limits by type, images re-encoded without metadata, video poster and
 * duration, audio decoded and timed, then the files are committed and the row written with its
 * audit entry. Any failure removes every file written so far: nothing half-stored remains.
 */
export async function uploadMedia(
  db: Db,
  storage: Storage,
  actor: Actor | null,
  ctx: RequestContext,
  q: z.infer<typeof UploadQuerySchema>,
  body: Readable,
  declaredLength: number | null,
  log: (msg: string) => void,
): Promise<Media> {
  const org = await requireOrganisationRef(db, q.organisationId);
  const me = authorize(actor, 'media.upload', { orgPath: org.path });
  if (declaredLength !== null && declaredLength > MEDIA_MAX_BYTES)
    throw new AppError('FILE_TOO_LARGE', {
      kind: { 'zh-CN': '文件', 'en-US': 'file' },
      limit: mib(MEDIA_MAX_BYTES),
    });
  const scratch = storage.scratchPath();
  try {
    const got = await receive(body, scratch, declaredLength);
    return await store(db, storage, ctx, scratch, got, {
      name: q.name,
      alt: q.alt,
      organisationId: org.id,
      uploadedBy: me.userId,
      log,
    });
  } finally {
    // Never hides the failure itself (a scratch folder that is no folder cannot be cleaned).
    await fsp.rm(scratch, { force: true }).catch(() => {});
  }
}

interface StoreMeta {
  name: string;
  alt: string;
  organisationId: string;
  uploadedBy: string;
  log: (msg: string) => void;
}

/**
 * Processes a received file (in scratch) and keeps it: derived files are written, the originals
 * committed, then the row and its audit entry. Any failure removes every file written so far.
 */
async function store(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  scratch: string,
  got: { sniffed: Sniffed; size: number; sha256: string },
  meta: StoreMeta,
): Promise<Media> {
  const id = newId();
  const written: string[] = [];
  try {
    const p = await mediaSlots.run(meta.uploadedBy, () =>
      processUpload(scratch, got.sniffed, meta.log),
    );
    // An MP4 or WebM sniffed as a video may turn out to be sound alone: the audio limit applies.
    if (got.size > MEDIA_LIMITS[p.kind]) throw tooLarge(p.kind);
    const dir = `media/${id.slice(-2)}/${id}`;
    const files: Files = { original: `${dir}/original.${p.ext}` };
    let size = got.size;
    let sha256 = got.sha256;
    if (p.original) {
      await storage.put(files.original!, p.original);
      size = p.original.length;
      sha256 = crypto.createHash('sha256').update(p.original).digest('hex');
    } else await storage.commit(scratch, files.original!);
    written.push(files.original!);
    for (const [variant, bytes] of Object.entries(p.derived) as [keyof Files, Buffer][]) {
      const key = `${dir}/${variant}.webp`;
      await storage.put(key, bytes);
      written.push(key);
      files[variant] = key;
    }
    const row: repo.MediaRow = {
      id,
      kind: p.kind,
      mime: p.mime,
      name: meta.name,
      alt: meta.alt,
      size,
      sha256,
      width: p.width,
      height: p.height,
      durationMs: p.durationMs,
      files: JSON.stringify(files),
      organisationId: meta.organisationId,
      uploadedBy: meta.uploadedBy,
      createdAt: nowIso(),
    };
    await db.transaction().execute(async (tx) => {
      await repo.insertMedia(tx, row);
      await recordAudit(tx, ctx, {
        action: 'media.upload',
        entityType: 'media',
        entityId: id,
        organisationId: meta.organisationId,
        detail: { name: meta.name, kind: row.kind, size, sha256 },
      });
    });
    return presentMedia(row);
  } catch (e) {
    await storage.remove(written).catch(() => {});
    throw e;
  }
}

/** Keeps bytes made on the server (seeding, imports) as a media file, checked like an upload. */
export async function storeBytes(
  db: Db,
  storage: Storage,
  ctx: RequestContext,
  bytes: Buffer,
  meta: StoreMeta,
): Promise<Media> {
  const r = sniff(bytes.subarray(0, SNIFF_BYTES));
  if ('refused' in r) throw refused(r.refused);
  if (bytes.length > MEDIA_LIMITS[r.kind]) throw tooLarge(r.kind);
  const scratch = storage.scratchPath();
  try {
    await fsp.writeFile(scratch, bytes).catch((e) => {
      throw asStorageError(e, 'write', scratch);
    });
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    return await store(db, storage, ctx, scratch, { sniffed: r, size: bytes.length, sha256 }, meta);
  } finally {
    // Never hides the failure itself (a scratch folder that is no folder cannot be cleaned).
    await fsp.rm(scratch, { force: true }).catch(() => {});
  }
}

const resourceOf = (m: repo.MediaWithOrg) => ({ orgPath: m.orgPath, ownerId: m.uploadedBy });

/**
 * Whether the actor may read a private file, and under which name: its unit's people and the
 * uploader by its own name; others when something using the file lets them in (access.ts), maybe
 * under an alias. Null: not theirs to know.
 */
async function readAccess(
  db: Executor,
  actor: Actor,
  m: repo.MediaWithOrg,
): Promise<MediaUseGrant | null> {
  if (can(actor, 'media.read', resourceOf(m))) return { alias: null };
  const grant = await grantByUse(db, actor, m.id, await repo.linksOf(db, m.id));
  if (!grant) return null;
  const viaUse: MediaResource = { ...resourceOf(m), grantedByUse: true };
  return can(actor, 'media.read', viaUse) ? grant : null;
}

async function loadEditable(db: Executor, actor: Actor | null, id: string) {
  const m = await repo.findMedia(db, id);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!m || !can(actor, 'media.read', resourceOf(m))) throw new AppError('NOT_FOUND');
  authorize(actor, 'media.edit', resourceOf(m));
  return m;
}

export async function updateMedia(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateMediaSchema>,
): Promise<Media> {
  return db.transaction().execute(async (tx) => {
    const m = await loadEditable(tx, actor, id);
    const next = { name: patch.name ?? m.name, alt: patch.alt ?? m.alt };
    await repo.updateMedia(tx, id, next);
    await recordAudit(tx, ctx, {
      action: 'media.update',
      entityType: 'media',
      entityId: id,
      organisationId: m.organisationId,
      detail: { name: next.name, fields: Object.keys(patch) },
    });
    return presentMedia({ ...m, ...next });
  });
}

/** Deletes an unused file (row, then its stored files). */
export async function deleteMedia(
  db: Db,
  storage: Storage,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  const files = await db.transaction().execute(async (tx) => {
    const m = await loadEditable(tx, actor, id);
    const uses = await repo.countUses(tx, id);
    if (uses > 0)
      throw new AppError('STATE_CONFLICT', {
        reason: {
          'zh-CN': `该文件正被 ${uses} 处作品或专题/系列使用，请先移除引用`,
          'en-US': `The file is used in ${uses} place(s); remove it from those works or collections first`,
        },
      });
    await repo.deleteMedia(tx, id);
    await recordAudit(tx, ctx, {
      action: 'media.delete',
      entityType: 'media',
      entityId: id,
      organisationId: m.organisationId,
      detail: { name: m.name },
    });
    return Object.values(JSON.parse(m.files) as Files) as string[];
  });
  await storage.remove(files);
}

export async function listMedia(db: Db, actor: Actor | null, q: ListMediaQuery) {
  const me = authorize(actor, 'media.list');
  let rootPath: string | undefined;
  if (q.organisationId) rootPath = (await requireOrganisationRef(db, q.organisationId)).path;
  const scope = scopeOf(
    me,
    ROLES.filter((r) => r !== 'REVIEWER'),
  );
  const { rows, total } = await repo.listMedia(
    db,
    { ...q, rootPath },
    { all: scope === 'ALL', orgPaths: scope === 'ALL' ? [] : scope, userId: me.userId },
  );
  return {
    items: rows.map((r) => ({
      ...presentMedia(r),
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      uploadedBy: r.uploadedBy,
      uploadedByName: r.uploadedByName,
      createdAt: r.createdAt,
      uses: Number(r.uses ?? 0),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getMedia(db: Db, actor: Actor | null, id: string) {
  const m = await repo.findMedia(db, id);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const access = m ? await readAccess(db, actor, m) : null;
  if (!m || !access) throw new AppError('NOT_FOUND');
  return presentMedia(m, access.alias);
}

export async function exportMedia(
  db: Db,
  actor: Actor | null,
  q: Omit<ListMediaQuery, 'page' | 'pageSize'>,
) {
  const { items } = await listMedia(db, actor, { ...q, page: 1, pageSize: 10_000 });
  return buildXlsx(
    '媒体文件',
    [
      { header: '文件名', width: 40, value: (m) => m.name },
      { header: '类型', width: 10, value: (m) => KIND_NAME[m.kind]['zh-CN'] },
      { header: '大小（字节）', width: 14, value: (m) => m.size },
      { header: '所属单位', width: 30, value: (m) => m.organisationName },
      { header: '上传人', width: 16, value: (m) => m.uploadedByName },
      { header: '引用次数', width: 10, value: (m) => m.uses },
      { header: '上传时间', width: 22, value: (m) => m.createdAt },
      { header: 'ID', width: 38, value: (m) => m.id },
    ],
    items,
  );
}

/** Parses `Range: bytes=a-b` (one range); null for none, 'bad' when it cannot be served. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'bad' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'bad';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'bad';
  return { start, end };
}

export interface ServedFile {
  status: 200 | 206 | 304;
  headers: Record<string, string>;
  body: Readable | null;
}

/**
 * A stored file for the browser: public when something on the portal uses it, otherwise only to
 * those who may read it in the console (401 signed out, 404 for anyone else). Never HTML or SVG (refused at upload);
 * a sandboxing CSP on everything but PDFs, which the browser's viewer shows in a same-origin frame.
 */
export async function serveFile(
  db: Db,
  storage: Storage,
  actor: Actor | null,
  id: string,
  variant: keyof Files,
  headers: { range?: string; ifNoneMatch?: string },
): Promise<ServedFile> {
  const m = await repo.findMedia(db, id);
  if (!m) throw new AppError('NOT_FOUND');
  const isPublic = await repo.isPublic(db, id);
  let alias: string | null = null;
  if (!isPublic) {
    // A private file: sign in first; then only those who may read it (readAccess).
    if (!actor) throw new AppError('UNAUTHENTICATED');
    const access = await readAccess(db, actor, m);
    if (!access) throw new AppError('NOT_FOUND');
    alias = access.alias;
  }
  const key = (JSON.parse(m.files) as Files)[variant];
  if (!key) throw new AppError('NOT_FOUND');
  const size = await storage.size(key);
  if (size === null) throw new AppError('NOT_FOUND');
  const etag = `"${m.sha256.slice(0, 16)}-${variant}"`;
  const mime = variant === 'original' ? m.mime : 'image/webp';
  const base: Record<string, string> = {
    'content-type': mime,
    etag,
    'accept-ranges': 'bytes',
    'cache-control': isPublic ? 'public, max-age=3600' : 'private, no-cache',
    // Word and Excel files are downloaded; a browser shows the rest itself.
    'content-disposition': `${m.kind === 'DOCUMENT' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(
      alias === null ? m.name : `${alias}.${extensionOf(key)}`,
    )}`,
    'content-security-policy':
      mime === 'application/pdf'
        ? "frame-ancestors 'self'"
        : "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'x-frame-options': mime === 'application/pdf' ? 'SAMEORIGIN' : 'DENY',
  };
  if (headers.ifNoneMatch === etag) return { status: 304, headers: base, body: null };
  const range = parseRange(headers.range, size);
  if (range === 'bad')
    throw new AppError('RANGE_NOT_SATISFIABLE', {}, { size, contentRange: `bytes */${size}` });
  if (range)
    return {
      status: 206,
      headers: {
        ...base,
        'content-range': `bytes ${range.start}-${range.end}/${size}`,
        'content-length': String(range.end - range.start + 1),
      },
      body: storage.read(key, range),
    };
  return {
    status: 200,
    headers: { ...base, 'content-length': String(size) },
    body: storage.read(key),
  };
}

/** For owners (works, collections): the files they refer to, checked. */
export interface MediaRefs {
  coverId: string | null;
  mediaIds: string[];
  /** Rich text whose images may be ours (`/api/media/<id>/…`): those are used too. */
  html?: string;
}

const INLINE = /\/api\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//g;

/** The media ids that rich text shows (images inserted from the library). */
export function inlineMediaIds(html: string | undefined): string[] {
  return html ? [...new Set([...html.matchAll(INLINE)].map((m) => m[1]!))] : [];
}

/** A file that may be read but not made public by this actor: 422 naming the field. */
function notYoursToPublish(field: string, what: { 'zh-CN': string; 'en-US': string }): AppError {
  const zh = `${what['zh-CN']}属于其他单位，您无权将其公开；请使用本单位的文件，或请该单位的编辑引用`;
  const en = `${what['en-US']} belongs to another unit and is not yours to make public; use a file of this unit, or ask that unit's editors`;
  return new AppError(
    'RULE_BROKEN',
    { reason: { 'zh-CN': zh, 'en-US': en } },
    {
      fields: [
        {
          field,
          location: 'body',
          message: { 'zh-CN': `${field}：${zh}`, 'en-US': `${field}: ${en}` },
        },
      ],
    },
  );
}

/**
 * Checks an owner's references (a cover, attachments, images in the text): every file exists
 * and the actor may read it (else 400 naming the field, as for a file that does not exist); and
 * since what the owner uses is public once the owner is, the file lies in the owner's unit or
 * below, or the actor may make it public (its uploader, an editor or admin of its unit), or it is
 * public already (else 422 naming the field): a child unit's editor cannot publish a parent's
 * private file by using its id. A cover is an image.
 */
export async function assertMediaRefs(
  db: Executor,
  actor: Actor,
  ownerOrgPath: string,
  refs: MediaRefs,
): Promise<void> {
  const inline = inlineMediaIds(refs.html);
  const ids = [...new Set([...(refs.coverId ? [refs.coverId] : []), ...refs.mediaIds, ...inline])];
  const found = new Map((await repo.findMany(db, ids)).map((m) => [m.id, m]));
  const alreadyPublic = new Set(await repo.publicAmong(db, ids));
  const readable = (m: repo.MediaWithOrg | undefined): m is repo.MediaWithOrg =>
    !!m && can(actor, 'media.read', resourceOf(m));
  const publishable = (m: repo.MediaWithOrg) =>
    m.orgPath.startsWith(ownerOrgPath) ||
    can(actor, 'media.publish', resourceOf(m)) ||
    alreadyPublic.has(m.id);
  const check = (
    field: string,
    id: string,
    missing: [string, string],
    what: { 'zh-CN': string; 'en-US': string },
  ) => {
    const m = found.get(id);
    if (!readable(m)) throw fieldError(field, missing[0], missing[1]);
    if (!publishable(m)) throw notYoursToPublish(field, what);
    return m;
  };
  if (refs.coverId) {
    const c = check(
      'coverId',
      refs.coverId,
      ['封面文件不存在或不可用', 'the cover file does not exist or cannot be used here'],
      { 'zh-CN': '封面图片', 'en-US': 'The cover image' },
    );
    if (c.kind !== 'IMAGE')
      throw fieldError('coverId', '封面必须是图片', 'the cover must be an image');
  }
  for (const id of inline)
    check(
      'body',
      id,
      [
        `正文中的图片 ${id} 不存在或不可用`,
        `image ${id} in the text does not exist or cannot be used here`,
      ],
      { 'zh-CN': `正文中的图片 ${id} `, 'en-US': `Image ${id} in the text` },
    );
  for (const id of refs.mediaIds)
    check(
      'mediaIds',
      id,
      [`文件 ${id} 不存在或不可用`, `file ${id} does not exist or cannot be used here`],
      { 'zh-CN': `文件 ${id} `, 'en-US': `File ${id}` },
    );
}

/** Records what an owner uses; `isPublic` while the owner is on the portal. */
export async function linkMedia(
  db: Executor,
  owner: { type: string; id: string },
  refs: MediaRefs,
  isPublic: boolean,
): Promise<void> {
  const links = [
    ...(refs.coverId ? [{ mediaId: refs.coverId, role: 'COVER', position: 0 }] : []),
    ...[...new Set(refs.mediaIds)].map((mediaId, i) => ({
      mediaId,
      role: 'ATTACHMENT',
      position: i,
    })),
    ...inlineMediaIds(refs.html).map((mediaId, i) => ({ mediaId, role: 'INLINE', position: i })),
  ];
  await repo.replaceLinks(
    db,
    owner.type,
    owner.id,
    links.map((l) => ({ ...l, public: isPublic ? 1 : 0 })),
  );
}

export function publishLinks(db: Executor, owner: { type: string; id: string }, isPublic: boolean) {
  return repo.setLinksPublic(db, owner.type, owner.id, isPublic);
}

/**
 * The files of an owner in the order given, as clients see them (missing ids are skipped);
 * `aliases` (media id → name) for a reader who must not see the files' own names.
 */
export async function describeMedia(
  db: Executor,
  refs: MediaRefs,
  aliases?: Map<string, string>,
): Promise<{ cover: Media | null; media: Media[] }> {
  const ids = [...new Set([...(refs.coverId ? [refs.coverId] : []), ...refs.mediaIds])];
  const found = new Map((await repo.findMany(db, ids)).map((m) => [m.id, m]));
  const cover = refs.coverId ? found.get(refs.coverId) : undefined;
  return {
    cover: cover ? presentMedia(cover, aliases?.get(cover.id) ?? null) : null,
    media: refs.mediaIds.flatMap((id) => {
      const m = found.get(id);
      return m ? [presentMedia(m, aliases?.get(id) ?? null)] : [];
    }),
  };
}
