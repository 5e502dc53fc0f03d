import fs from 'node:fs';
import { formatBytes, JSONL_LIMITS, type JsonlLimits, limitBroken, tooLarge } from './limits.ts';

/**
 * The lines of a JSON Lines file with their numbers, read a chunk at a time: a line longer than
 * `maxLineBytes` or a file of more than `maxLines` lines stops the reading with a 422 naming the
 * limit (a line is never held past its limit, as `readline` would), a file over `maxBytes` is
 * refused (413) before reading.
 */
export async function* readJsonlLines(
  file: string,
  limits: JsonlLimits = JSONL_LIMITS,
): AsyncGenerator<[number, string]> {
  const { size } = await fs.promises.stat(file);
  if (size > limits.maxBytes)
    throw tooLarge({ 'zh-CN': '文件大小', 'en-US': 'the file' }, formatBytes(limits.maxBytes));
  const lineTooLong = () =>
    limitBroken({ 'zh-CN': '一行的长度', 'en-US': 'one line' }, formatBytes(limits.maxLineBytes));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let n = 0;
  const line = (tail: Buffer): [number, string] => {
    if (++n > limits.maxLines)
      throw limitBroken({ 'zh-CN': '文件的行数', 'en-US': 'the number of lines' }, limits.maxLines);
    const bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    const text = bytes.toString('utf8');
    return [n, text.endsWith('\r') ? text.slice(0, -1) : text];
  };
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      if (pendingBytes + nl - start > limits.maxLineBytes) throw lineTooLong();
      yield line(chunk.subarray(start, nl));
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.length;
    if (pendingBytes > limits.maxLineBytes) throw lineTooLong();
    if (rest.length) pending.push(rest);
  }
  if (pendingBytes > 0) yield line(Buffer.alloc(0));
}
