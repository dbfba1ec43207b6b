// Names as the catalog prints them (regclass, regprocedure and aclitem text): bare where they
// need no quotes, else double-quoted with "" for a quote. The reading side of quote.ts.

/** Reads the name starting at text[at]: quoted, or bare up to any character of `stops`. */
export function readName(text: string, at: number, stops: string): { name: string; end: number } {
  let i = at;
  if (text[i] !== '"') {
    while (i < text.length && !stops.includes(text[i]!)) i++;
    return { name: text.slice(at, i), end: i };
  }
  let name = '';
  i++;
  while (i < text.length) {
    if (text[i] === '"' && text[i + 1] === '"') {
      name += '"';
      i += 2;
    } else if (text[i] === '"') {
      i++;
      break;
    } else name += text[i++];
  }
  return { name, end: i };
}

/** Splits `public.t` or `"My Schema"."T.x"`; a name printed without its schema has schema null. */
export function splitQualified(text: string): { schema: string | null; name: string } {
  const parts: string[] = [];
  for (let i = 0; i < text.length; ) {
    const { name, end } = readName(text, i, '.');
    parts.push(name);
    i = text[end] === '.' ? end + 1 : end;
    if (end === i && i < text.length) throw new Error(`not a qualified name: ${text}`);
  }
  if (parts.length === 0 || parts.length > 2) throw new Error(`not a qualified name: ${text}`);
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: null, name: parts[0]! };
}

/** As splitQualified, for text that must name its schema. */
export function splitSchemaQualified(text: string): { schema: string; name: string } {
  const { schema, name } = splitQualified(text);
  if (schema === null) throw new Error(`not a schema-qualified name: ${text}`);
  return { schema, name };
}
