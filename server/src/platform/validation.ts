import type { FastifySchemaCompiler } from 'fastify';
import type { Locale } from './i18n.ts';

/** One bad field in a 400 answer: where it is and what is wrong, in the caller's language. */
export interface FieldError {
  field: string;
  location: string;
  message: string;
}

interface Issue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const LOCATION_ZH: Record<string, string> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};
const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  date: '日期',
};

function sizeMessage(p: Record<string, unknown>, big: boolean, locale: Locale): string {
  const bound = String(big ? p.maximum : p.minimum);
  const inclusive = p.inclusive !== false;
  const origin = String(p.origin ?? '');
  if (locale === 'en-US') {
    const cmp = big ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'more than';
    if (origin === 'string') return `must be ${cmp} ${bound} characters long`;
    if (origin === 'array' || origin === 'set') return `must have ${cmp} ${bound} items`;
    if (origin === 'object') return `must have ${cmp} ${bound} keys`;
    return `must be ${cmp} ${bound}`;
  }
  const cmp = big ? (inclusive ? '不能超过' : '必须小于') : inclusive ? '至少为' : '必须大于';
  if (origin === 'string') return big ? `长度${cmp} ${bound} 个字符` : `长度${cmp} ${bound} 个字符`;
  if (origin === 'array' || origin === 'set') return `条目数${cmp} ${bound}`;
  if (origin === 'object') return `字段数${cmp} ${bound}`;
  return `数值${cmp} ${bound}`;
}

function valueAt(source: unknown, path: string[]): unknown {
  let v = source;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * What a pattern allows, in words, for the patterns people meet in forms (zod names a failed
 * pattern by its source, e.g. "/^\\d{6}$/"). A pattern not listed is "not in the required form".
 */
const PATTERN_MESSAGES: Record<string, { zh: string; en: string }> = {
  '/^[A-Za-z0-9_.-]+$/': {
    zh: '只能包含英文字母、数字和 _ . -，不能使用汉字或空格',
    en: 'may contain only letters, digits and _ . - (no Chinese characters or spaces)',
  },
  '/^\\d{6}$/': { zh: '应为 6 位数字', en: 'must be 6 digits' },
  '/^\\d{2}0000$/': {
    zh: '应为省级行政区划代码（6 位数字，以 0000 结尾）',
    en: 'must be a province code (6 digits ending in 0000)',
  },
  '/^[0-9+\\- ]{5,20}$/': {
    zh: '应为电话号码（5 到 20 位数字，可含 +、- 和空格）',
    en: 'must be a phone number (5 to 20 digits, +, - or spaces)',
  },
  '/^(97[89])?\\d{9}[\\dX]$/': {
    zh: '不是有效的 ISBN（10 位或 13 位，不含连字符）',
    en: 'must be an ISBN (10 or 13 characters, without hyphens)',
  },
  '/^\\d{4}-\\d{3}[\\dX]$/': {
    zh: '不是有效的 ISSN（如 1234-567X）',
    en: 'must be an ISSN (like 1234-567X)',
  },
  '/^[A-Za-z2-7]{5}-?[A-Za-z2-7]{5}$/': {
    zh: '应为恢复码（如 ABCDE-FGHIJ）',
    en: 'must be a recovery code (like ABCDE-FGHIJ)',
  },
};

function issueMessage(issue: Issue, locale: Locale, source: unknown): string {
  const p = issue.params;
  const en = locale === 'en-US';
  switch (issue.keyword) {
    case 'invalid_type': {
      const expected = String(p.expected ?? '');
      const path = issue.instancePath.split('/').filter(Boolean);
      if (valueAt(source, path) === undefined) return en ? 'is required' : '为必填项';
      return en ? `must be of type ${expected}` : `应为${TYPE_ZH[expected] ?? expected}`;
    }
    case 'too_small':
      return sizeMessage(p, false, locale);
    case 'too_big':
      return sizeMessage(p, true, locale);
    case 'invalid_format': {
      const fmt = String(p.format ?? '');
      const zh: Record<string, string> = {
        email: '电子邮箱',
        url: '网址',
        uuid: 'UUID',
        date: '日期（YYYY-MM-DD）',
        datetime: '日期时间',
      };
      if (fmt === 'regex') {
        const said = PATTERN_MESSAGES[String(p.pattern ?? '')];
        if (said) return en ? said.en : said.zh;
        return en ? 'is not in the required form' : '格式不符合要求';
      }
      return en ? `must be a valid ${fmt}` : `不是有效的${zh[fmt] ?? '格式'}`;
    }
    case 'invalid_value': {
      const values = Array.isArray(p.values) ? p.values.map(String).join(', ') : '';
      return en ? `must be one of: ${values}` : `取值必须是以下之一：${values}`;
    }
    case 'unrecognized_keys': {
      const keys = Array.isArray(p.keys) ? p.keys.join(', ') : '';
      return en ? `has unknown fields: ${keys}` : `包含未知字段：${keys}`;
    }
    case 'not_multiple_of':
      return en ? `must be a multiple of ${p.divisor}` : `必须是 ${p.divisor} 的倍数`;
    case CONTROL_CHARACTER:
      return en
        ? `contains a control character that is not allowed (${p.character})`
        : `包含不允许的控制字符（${p.character}）`;
    case 'custom': {
      const reason = (p.params as { reason?: unknown } | undefined)?.reason;
      if (reason === 'invisible')
        return en
          ? 'must contain visible characters, not only spaces or invisible ones'
          : '不能只含空格或不可见字符';
      if (reason === 'single_line')
        return en ? 'must be one line (no line breaks or tabs)' : '不能包含换行符或制表符';
      return en ? 'is invalid' : '格式不正确';
    }
    default:
      return en ? 'is invalid' : '格式不正确';
  }
}

/** Turns schema issues into field errors that name each bad field. */
export function toFieldErrors(
  issues: Issue[],
  location: string,
  locale: Locale,
  source: unknown,
): FieldError[] {
  return issues.map((issue) => {
    const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const shown = field || (locale === 'en-US' ? location : (LOCATION_ZH[location] ?? location));
    const message = issueMessage(issue, locale, source);
    return {
      field: field || location,
      location,
      message: locale === 'en-US' ? `${shown} ${message}` : `${shown}：${message}`,
    };
  });
}

/**
 * Characters no text field takes: C0 controls but tab, line feed and carriage return (a NUL made
 * PostgreSQL answer 500; the others break XML feeds and exports and hide text), DEL, and lone
 * surrogates (half a character: not UTF-8, stored as U+FFFD by one database and not the other).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|\p{Cs}/u;
const CONTROL_CHARACTER = 'control_character';
/** Enough to name the bad fields; a body full of them is not walked to the end. */
const MAX_REPORTED = 20;

const codePoint = (c: string) =>
  `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The fields of a request part (body, query, params) whose text (or key) holds a forbidden
 * character, as validation issues naming each field. Walks with its own stack: a deeply nested
 * body cannot overflow the call stack.
 */
export function controlCharacterIssues(data: unknown): Issue[] {
  const issues: Issue[] = [];
  const stack: [unknown, string][] = [[data, '']];
  while (stack.length > 0 && issues.length < MAX_REPORTED) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const bad = FORBIDDEN.exec(value);
      if (bad)
        issues.push({
          keyword: CONTROL_CHARACTER,
          instancePath: path,
          params: { character: codePoint(bad[0]) },
        });
    } else if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value)
        ? value.map((v, i): [string, unknown] => [String(i), v])
        : Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i]!;
        const at = `${path}/${key}`;
        if (FORBIDDEN.test(key))
          issues.push({
            keyword: CONTROL_CHARACTER,
            instancePath: at,
            params: { character: codePoint(FORBIDDEN.exec(key)![0]) },
          });
        stack.push([v, at]);
      }
    }
  }
  return issues;
}

/**
 * Wraps the schema validator compiler so that every part of every route (body, query, params)
 * refuses forbidden characters before its schema sees the data, in one place for all routes:
 * 400 VALIDATION_FAILED naming the field, like any other schema error.
 */
export function withControlCharacterCheck<T>(
  compile: FastifySchemaCompiler<T>,
): FastifySchemaCompiler<T> {
  return (route) => {
    const validate = compile(route);
    return (data) => {
      const issues = controlCharacterIssues(data);
      if (issues.length === 0) return validate(data);
      // Shaped as the zod type provider's issues, so the one error handler names the fields.
      return {
        error: issues.map((i) => ({
          ...i,
          [Symbol.for('ZodFastifySchemaValidationError')]: true,
          schemaPath: `#${i.instancePath}/${CONTROL_CHARACTER}`,
          message: CONTROL_CHARACTER,
        })) as unknown as Error,
      };
    };
  };
}
