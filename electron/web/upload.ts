// Reads a call's JSON body whose one large string member (csv-import's `content`) is decoded
// straight into a file as it arrives, so an upload of hundreds of MB is never held in memory:
// the other members are small and parsed as usual. The body must be a JSON object; anything
// else, a duplicated member, or bad JSON is refused as JSON.parse would refuse it.
import type { FileHandle } from 'node:fs/promises';

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadLimits {
  /** The whole body's largest size as sent. */
  maxBodyBytes: number;
  /** The decoded string's largest size, in UTF-8 bytes. */
  maxFileBytes: number;
  /** Each other member's largest size as sent. */
  maxMemberBytes: number;
}

export interface UploadBody {
  /** Every member but the streamed one, parsed. */
  fields: Record<string, unknown>;
  /** Bytes written to the file, or null when the body had no such member. */
  fileBytes: number | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SIMPLE_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

type State =
  | 'start' // before the opening brace
  | 'key-or-end' // after the brace: a member or the closing brace
  | 'key' // after a comma: a member
  | 'in-key'
  | 'colon'
  | 'value'
  | 'in-file' // inside the streamed string
  | 'in-value' // inside another member's value
  | 'comma-or-end'
  | 'done';

/**
 * Decodes `body` (a stream of chunks), writing member `field`'s string to `file`. Throws
 * UploadError on bad JSON (400) or a limit passed (413), having read no further.
 */
export async function readUpload(body: AsyncIterable<Buffer>, field: string, file: FileHandle, limits: UploadLimits): Promise<UploadBody> {
  const fields: Record<string, unknown> = {};
  let fileBytes: number | null = null;
  let state: State = 'start';
  let key: number[] = [];
  let keyEscaped = false;
  // Another member's value, as sent: its bytes, string/escape state and nesting depth.
  let value: Buffer[] = [];
  let valueSize = 0;
  let inString = false;
  let escaped = false;
  let depth = 0;
  let scalar = false;
  // The streamed string's pending escape (`\` or `\uXXXX`) and a high surrogate awaiting its pair.
  let escape: number[] | null = null;
  let highSurrogate: number | null = null;

  const bad = (why: string) => new UploadError(400, `The request body is not valid JSON (${why}).`);
  const memberName = () => {
    try {
      return JSON.parse(Buffer.from(key).toString('utf8')) as string;
    } catch {
      throw bad('a member name is malformed');
    }
  };
  const finishValue = (name: string) => {
    try {
      fields[name] = JSON.parse(Buffer.concat(value).toString('utf8'));
    } catch {
      throw bad(`member ${JSON.stringify(name.slice(0, 40))} is malformed`);
    }
    value = [];
    valueSize = 0;
  };
  let name = '';

  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limits.maxBodyBytes) throw new UploadError(413, `The request body is larger than ${Math.round(limits.maxBodyBytes / 2 ** 20)} MB.`);
    const out: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      const b = chunk[i]!;
      switch (state) {
        case 'start':
        case 'key-or-end':
        case 'key':
        case 'colon':
        case 'value':
        case 'comma-or-end':
        case 'done':
          if (isSpace(b)) {
            i++;
            continue;
          }
          if (state === 'start') {
            if (b !== 0x7b) throw bad('it must be an object');
            state = 'key-or-end';
          } else if (state === 'key-or-end' || state === 'key') {
            if (b === 0x7d && state === 'key-or-end') state = 'done';
            else if (b === QUOTE) {
              key = [QUOTE];
              keyEscaped = false;
              state = 'in-key';
            } else throw bad('expected a member name');
          } else if (state === 'colon') {
            if (b !== 0x3a) throw bad('expected ":"');
            name = memberName();
            if (Object.prototype.hasOwnProperty.call(fields, name) || (name === field && fileBytes !== null)) throw bad(`member "${name.slice(0, 40)}" is given twice`);
            state = 'value';
          } else if (state === 'value') {
            if (name === field && b === QUOTE) {
              fileBytes = 0;
              state = 'in-file';
            } else {
              value = [];
              valueSize = 0;
              inString = false;
              escaped = false;
              depth = 0;
              scalar = b !== QUOTE && b !== 0x7b && b !== 0x5b;
              state = 'in-value';
              continue; // the value's first byte is read as part of it
            }
          } else if (state === 'comma-or-end') {
            if (b === 0x2c) state = 'key';
            else if (b === 0x7d) state = 'done';
            else throw bad('expected "," or "}"');
          } else {
            throw bad('text after the object');
          }
          i++;
          continue;
        case 'in-key':
          if (key.length > 1_000) throw bad('a member name is too long');
          key.push(b);
          if (keyEscaped) keyEscaped = false;
          else if (b === BACKSLASH) keyEscaped = true;
          else if (b === QUOTE) state = 'colon';
          i++;
          continue;
        case 'in-value': {
          // Up to the value's end: a string's closing quote, the bracket closing it, or for a
          // number/true/false/null the first byte that cannot be part of one.
          let j = i;
          let ended = false;
          for (; j < chunk.length; j++) {
            const c = chunk[j]!;
            if (inString) {
              if (escaped) escaped = false;
              else if (c === BACKSLASH) escaped = true;
              else if (c === QUOTE) {
                inString = false;
                if (depth === 0) {
                  j++;
                  ended = true;
                  break;
                }
              }
            } else if (scalar) {
              if (c === 0x2c || c === 0x7d || isSpace(c)) {
                ended = true;
                break;
              }
            } else if (c === QUOTE) inString = true;
            else if (c === 0x7b || c === 0x5b) depth++;
            else if (c === 0x7d || c === 0x5d) {
              depth--;
              if (depth === 0) {
                j++;
                ended = true;
                break;
              }
            }
          }
          valueSize += j - i;
          if (valueSize > limits.maxMemberBytes) throw new UploadError(413, `Member ${JSON.stringify(name.slice(0, 40))} of the request is larger than ${limits.maxMemberBytes} bytes.`);
          value.push(chunk.subarray(i, j));
          i = j;
          if (ended) {
            finishValue(name);
            state = 'comma-or-end';
          }
          continue;
        }
        case 'in-file': {
          if (escape) {
            escape.push(b);
            i++;
            const decoded = decodeEscape(escape);
            if (decoded === 'more') continue;
            if (decoded === null) throw bad('a string escape is malformed');
            escape = null;
            // \uD83D\uDE00 is one character: a high surrogate waits for its pair.
            if (decoded >= 0xd800 && decoded <= 0xdbff && highSurrogate === null) {
              highSurrogate = decoded;
              continue;
            }
            let codePoint = decoded;
            if (highSurrogate !== null) {
              if (decoded >= 0xdc00 && decoded <= 0xdfff) codePoint = 0x10000 + ((highSurrogate - 0xd800) << 10) + (decoded - 0xdc00);
              else out.push(Buffer.from(String.fromCharCode(highSurrogate), 'utf8'));
              highSurrogate = null;
            }
            out.push(Buffer.from(String.fromCodePoint(codePoint), 'utf8'));
            continue;
          }
          if (highSurrogate !== null && b !== BACKSLASH) {
            out.push(Buffer.from(String.fromCharCode(highSurrogate), 'utf8'));
            highSurrogate = null;
          }
          if (b === BACKSLASH) {
            escape = [];
            i++;
            continue;
          }
          if (b === QUOTE) {
            state = 'comma-or-end';
            i++;
            continue;
          }
          // A run of plain bytes up to the next quote or backslash, copied as they are.
          let j = i;
          while (j < chunk.length && chunk[j] !== QUOTE && chunk[j] !== BACKSLASH) {
            if (chunk[j]! < 0x20) throw bad('a control character inside a string');
            j++;
          }
          out.push(chunk.subarray(i, j));
          i = j;
          continue;
        }
      }
    }
    if (out.length) {
      const bytes = Buffer.concat(out);
      fileBytes = (fileBytes ?? 0) + bytes.length;
      if (fileBytes > limits.maxFileBytes) throw new UploadError(413, `The file is larger than ${Math.round(limits.maxFileBytes / 2 ** 20)} MB.`);
      await file.write(bytes);
    }
  }
  if (state === 'in-value' && scalar) {
    finishValue(name);
    state = 'comma-or-end';
  }
  if (state !== 'done') throw bad('it ends too early');
  return { fields, fileBytes };
}

/** A string escape's code unit from the bytes after its backslash; 'more' while incomplete. */
function decodeEscape(bytes: readonly number[]): number | 'more' | null {
  const first = bytes[0]!;
  if (first !== 0x75) return SIMPLE_ESCAPES[first] ?? null;
  if (bytes.length < 5) return 'more';
  const hex = String.fromCharCode(...bytes.slice(1));
  return /^[0-9a-fA-F]{4}$/.test(hex) ? parseInt(hex, 16) : null;
}
