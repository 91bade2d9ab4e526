// Document content as text: parse JSON or YAML into a value, and render a value back in either format.
import { InvalidDocumentContent } from '../../model/generated/errors.js';
import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';

export type ContentFormat = 'JSON' | 'YAML' | 'TEXT';

export function parseContent(text: string, format: ContentFormat): unknown {
  if (format === 'TEXT') return text;
  if (format === 'JSON') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      // AWS: "JSON not well-formed. at Line: 1, Column: 2" (Jackson's location of the first bad token).
      const { line, column } = jsonErrorPosition(text, err);
      throw new InvalidDocumentContent(`JSON not well-formed. at Line: ${line}, Column: ${column}`);
    }
  }
  try {
    return parseYaml(text, { uniqueKeys: true }) as unknown;
  } catch (err) {
    const pos = err instanceof YAMLParseError ? err.linePos?.[0] : undefined;
    const where = pos ? ` at Line: ${pos.line}, Column: ${pos.col}` : '';
    const what =
      err instanceof Error ? err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') : '';
    throw new InvalidDocumentContent(`YAML not well-formed.${where}${what ? ` (${what})` : ''}`);
  }
}

/** Renders a parsed document; YAML keeps key order, JSON is indented as AWS returns converted content. */
export function renderContent(value: unknown, format: 'JSON' | 'YAML'): string {
  if (format === 'JSON') return JSON.stringify(value, null, 2);
  return stringifyYaml(value, { lineWidth: 0 });
}

function jsonErrorPosition(text: string, err: unknown): { line: number; column: number } {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  const offset = m ? Number(m[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
