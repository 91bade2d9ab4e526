// Wildcard patterns as EC2 filters and Patch Manager's patch lists write them: a pure helper with no layer,
// imported by the engine and by the patch catalog that agents read.

/** A filter value as a regular expression: `*` any run, `?` one character, `\*` a literal star. */
export function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]);
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += escape(c);
  }
  return new RegExp(`^${re}$`, 's');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
