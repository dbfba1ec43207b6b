// Reads back what Chromium printed to a PDF, so a test can check a report's PDF holds the report:
// its page count, and its text (each font's ToUnicode map applied to the glyph strings of the
// content streams). Enough for PDFs Chromium (Skia) writes, not a general PDF reader.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b([\s\S]*?)\bendobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const at = body.search(/\bstream\r?\n/);
    if (at < 0) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const start = body.indexOf('\n', at) + 1;
    // The data's length as the dictionary gives it: data may itself end in \r or \n, so the line
    // break before `endstream` cannot be told from it (guessing lost a byte in 1 PDF of a few).
    const length = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(dict);
    const end = length ? start + Number(length[1]) : body.lastIndexOf('endstream');
    let raw = Buffer.from(length ? body.slice(start, end) : body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
    if (/\/FlateDecode/.test(dict)) raw = inflateSync(raw);
    out.set(Number(m[1]), { dict, stream: raw });
  }
  return out;
}

/** code (as hex) → text, and how many bytes a code takes. */
interface CMap {
  bytes: number;
  map: Map<string, string>;
}

const utf16 = (hex: string) => Buffer.from(hex.length % 4 === 0 ? hex : hex.padStart(Math.ceil(hex.length / 4) * 4, '0'), 'hex').swap16().toString('utf16le');

function parseCMap(src: string): CMap {
  const map = new Map<string, string>();
  const range = /<([0-9a-fA-F]+)>\s*<[0-9a-fA-F]+>/.exec(/begincodespacerange([\s\S]*?)endcodespacerange/.exec(src)?.[1] ?? '');
  const bytes = range ? range[1]!.length / 2 : 2;
  for (const block of src.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(e[1]!.toLowerCase(), utf16(e[2]!));
  }
  for (const block of src.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(e[1]!, 16);
      const hi = parseInt(e[2]!, 16);
      const width = e[1]!.length;
      const dsts = e[3]!.startsWith('[') ? [...e[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((d) => d[1]!) : null;
      const base = dsts ? 0 : parseInt(e[3]!.slice(1, -1), 16);
      for (let c = lo; c <= hi; c++) {
        const key = c.toString(16).padStart(width, '0');
        map.set(key, dsts ? utf16(dsts[c - lo] ?? '') : String.fromCodePoint(base + (c - lo)));
      }
    }
  }
  return { bytes, map };
}

export interface PdfText {
  pages: number;
  /** The text of every page, in content order, runs separated by spaces or new lines. */
  text: string;
}

export function readPdf(pdf: Buffer): PdfText {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const objs = objects(pdf);
  const cmapOf = new Map<number, CMap>();
  for (const [id, o] of objs) {
    const ref = /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(o.dict);
    const cm = ref ? objs.get(Number(ref[1])) : undefined;
    if (cm?.stream) cmapOf.set(id, parseCMap(cm.stream.toString('latin1')));
  }
  const pages = [...objs.values()].filter((o) => /\/Type\s*\/Page\b/.test(o.dict));
  let text = '';
  for (const page of pages) {
    // The page's font names, from its resources (inline or by reference).
    let resources = page.dict;
    const resRef = /\/Resources\s+(\d+)\s+0\s+R/.exec(page.dict);
    if (resRef) resources = objs.get(Number(resRef[1]))?.dict ?? '';
    let fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fontRef = /\/Font\s+(\d+)\s+0\s+R/.exec(resources);
    if (fontRef) fontDict = objs.get(Number(fontRef[1]))?.dict ?? '';
    const fonts = new Map<string, CMap>();
    for (const f of fontDict.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+0\s+R/g)) {
      const cm = cmapOf.get(Number(f[2]));
      if (cm) fonts.set(f[1]!, cm);
    }
    const contents = /\/Contents\s+(?:(\d+)\s+0\s+R|\[([^\]]*)\])/.exec(page.dict);
    const ids = contents ? (contents[1] ? [contents[1]] : [...contents[2]!.matchAll(/(\d+)\s+0\s+R/g)].map((x) => x[1]!)) : [];
    for (const id of ids) text += showText(objs.get(Number(id))?.stream?.toString('latin1') ?? '', fonts) + '\n';
  }
  return { pages: pages.length, text };
}

/** The text a content stream shows: Tf picks the font; Tj, TJ, ' and " show hex glyph strings. */
function showText(content: string, fonts: Map<string, CMap>): string {
  let font: CMap | undefined;
  let out = '';
  const token = /\/([^\s/<>[\]()]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)|(-?\d+(?:\.\d+)?)(?=\s*[-<(\]])|\b(ET|T\*|Td|TD|Tm)\b/g;
  for (let m = token.exec(content); m; m = token.exec(content)) {
    if (m[1] !== undefined) font = fonts.get(m[1]);
    else if (m[2] !== undefined && font) {
      const hex = m[2].replace(/\s+/g, '').toLowerCase();
      for (let i = 0; i + font.bytes * 2 <= hex.length; i += font.bytes * 2) out += font.map.get(hex.slice(i, i + font.bytes * 2)) ?? '';
    } else if (m[3] !== undefined) out += m[3];
    // A wide gap inside a TJ array is a space between words.
    else if (m[4] !== undefined && Number(m[4]) < -200) out += ' ';
    else if (m[5] !== undefined) out += m[5] === 'ET' ? '\n' : ' ';
  }
  return out;
}
