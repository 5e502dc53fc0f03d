import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export type Lang = 'zh-CN' | 'en-US';

let csrfToken: string | null = null;
let language: Lang = 'zh-CN';

/** Remembers the CSRF token from /api/auth/me or a login answer; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The UI language, sent as Accept-Language so the server's messages match the page. */
export function setApiLanguage(lang: Lang): void {
  language = lang;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const headers: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', language);
    if (csrfToken && WRITES.has(request.method.toUpperCase())) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(headers);

export interface FieldError {
  field: string;
  location: string;
  message: string;
}

/** An error answered by the server: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  if (err && typeof err.code === 'string') {
    const details = err.details as { fields?: unknown } | null | undefined;
    const fields = Array.isArray(details?.fields) ? (details.fields as FieldError[]) : [];
    return new ApiError(status, err.code, String(err.message ?? err.code), fields);
  }
  return new ApiError(
    status,
    'NETWORK',
    language === 'en-US' ? `Request failed (${status})` : `请求失败（${status}）`,
  );
}

/** Unwraps an openapi-fetch answer: its data, or throws an ApiError. */
export async function call<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch {
    throw new ApiError(
      0,
      'NETWORK',
      language === 'en-US' ? 'Cannot reach the server' : '无法连接服务器，请检查网络',
    );
  }
  if (result.error !== undefined || !result.response.ok) {
    throw toApiError(result.response.status, result.error);
  }
  return result.data as T;
}

/** Downloads a file from a GET endpoint (same origin, with the session cookie). */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': language },
  });
  if (!res.ok) {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    throw toApiError(res.status, body);
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  // The UTF-8 name (RFC 6266 filename*) first: the plain one is an ASCII stand-in.
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : (plain ?? fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * Uploads a file to the media library: the body is the file itself (the server decides its type
 * from the content). Reports progress from 0 to 1; resolves with the stored file.
 */
export function uploadFile<T>(
  file: File,
  query: { organisationId: string; alt?: string },
  onProgress?: (fraction: number) => void,
): Promise<T> {
  const params = new URLSearchParams({
    organisationId: query.organisationId,
    name: file.name,
    ...(query.alt ? { alt: query.alt } : {}),
  });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/media?${params}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept-Language', language);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 201) resolve(body as T);
      else reject(toApiError(xhr.status, body));
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          'NETWORK',
          language === 'en-US' ? 'Cannot reach the server' : '无法连接服务器，请检查网络',
        ),
      );
    xhr.send(file);
  });
}

/** Posts a file as the request body (an import); answers the JSON result or throws an ApiError. */
export async function postFile<T>(url: string, file: File): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/octet-stream',
        'Accept-Language': language,
        ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
      },
      body: file,
    });
  } catch {
    throw new ApiError(
      0,
      'NETWORK',
      language === 'en-US' ? 'Cannot reach the server' : '无法连接服务器，请检查网络',
    );
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  if (!res.ok) throw toApiError(res.status, body);
  return body as T;
}

/** POSTs a file's bytes as the body (a roster); resolves with the JSON answer, or an ApiError. */
export async function postBytes<T>(url: string, file: Blob): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'application/octet-stream',
      'Accept-Language': language,
      ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
    },
    body: file,
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, body);
  return body as T;
}
