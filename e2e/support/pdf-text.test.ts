// The PDF reader the report tests rely on: a compressed stream whose data ends in a line-break
// byte must be read whole (Chromium's PDFs have such streams now and then).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { readPdf } from './pdf-text.ts';

/** A one-page PDF with this compressed content stream and a ToUnicode map for codes 0020-005A. */
function pdfShowing(content: Buffer): Buffer {
  const cmap = 'begincodespacerange <0000> <FFFF> endcodespacerange\nbeginbfrange <0020> <005A> <0020> endbfrange';
  const parts: (string | Buffer)[] = [
    '%PDF-1.4\n',
    '1 0 obj << /Type /Page /Resources << /Font << /F1 2 0 R >> >> /Contents 4 0 R >> endobj\n',
    '2 0 obj << /Type /Font /ToUnicode 3 0 R >> endobj\n',
    `3 0 obj << /Length ${cmap.length} >> stream\n${cmap}\nendstream endobj\n`,
    `4 0 obj << /Filter /FlateDecode /Length ${content.length} >> stream\n`,
    content,
    '\nendstream endobj\n%%EOF\n',
  ];
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

test('a compressed content stream whose data ends in \\r or \\n is read whole', () => {
  let found: { text: string; content: Buffer } | null = null;
  for (let i = 0; !found && i < 100_000; i++) {
    const text = `LAUNCH REPORT ${i.toString(36).toUpperCase()}`;
    const hex = [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    const content = deflateSync(Buffer.from(`BT /F1 12 Tf <${hex}> Tj ET`, 'latin1'));
    if (content.at(-1) === 0x0d || content.at(-1) === 0x0a) found = { text, content };
  }
  assert.ok(found, 'no such stream among the candidates');
  const read = readPdf(pdfShowing(found.content));
  assert.equal(read.pages, 1);
  assert.match(read.text, new RegExp(found.text));
});
