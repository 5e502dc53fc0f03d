import { freshTotpCode } from '../server/test/totp-clock.ts';

/** A logged-in API session for test setup (cookies and the CSRF token kept by hand). */
export class ApiSession {
  private cookies = new Map<string, string>();
  private csrf: string | null = null;

  constructor(private readonly baseUrl: string) {}

  /** The session cookies, for a browser context that should act as this user. */
  cookieList(url: string): { name: string; value: string; url: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value, url }));
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'accept-language': 'zh-CN' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0)
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    if (data && typeof data === 'object' && 'csrfToken' in data)
      this.csrf = (data as { csrfToken: string }).csrfToken;
    return data as T;
  }

  /** Uploads a file to the media library (the body is the file itself). */
  async upload<T = { id: string }>(query: Record<string, string>, bytes: Buffer): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/media?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      body: new Uint8Array(bytes),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`upload → ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}

/** Creates the first platform admin through the setup link and enrols TOTP; returns its session. */
export async function setupAdmin(baseUrl: string, setupUrl: string): Promise<ApiSession> {
  const token = new URL(setupUrl, baseUrl).searchParams.get('token');
  const admin = new ApiSession(baseUrl);
  await admin.call('POST', '/api/setup', {
    token,
    username: 'office.admin',
    password: 'Kepu-Admin-2024!',
    displayName: '陈主任',
  });
  const { secret } = await admin.call<{ secret: string }>('POST', '/api/auth/totp/setup');
  await admin.call('POST', '/api/auth/totp/confirm', { code: await freshTotpCode(secret) });
  return admin;
}

export interface OrgRow {
  id: string;
  name: string;
}

export async function orgByName(admin: ApiSession, name: string): Promise<OrgRow> {
  const page = await admin.call<{ items: OrgRow[] }>('GET', '/api/organisations?pageSize=1000');
  const org = page.items.find((o) => o.name === name);
  if (!org) throw new Error(`no organisation ${name}`);
  return org;
}

/** The current privacy policy and user agreement versions (what a newcomer accepts). */
export async function currentConsent(
  baseUrl: string,
): Promise<{ privacyVersion: number; termsVersion: number }> {
  const version = async (kind: string) => {
    const res = await fetch(`${baseUrl}/api/policies/${kind}`);
    if (!res.ok) throw new Error(`GET /api/policies/${kind} → ${res.status}`);
    return ((await res.json()) as { version: number }).version;
  };
  return { privacyVersion: await version('PRIVACY'), termsVersion: await version('TERMS') };
}

/** Registers an adult on the portal through the API (birth year and consent, as the form does). */
export async function registerPerson(
  baseUrl: string,
  person: { username: string; password: string; displayName: string },
): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...person,
      birthYear: 1990,
      consent: await currentConsent(baseUrl),
    }),
  });
}
