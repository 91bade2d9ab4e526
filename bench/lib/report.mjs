// Numbers to text: percentiles, fixed-width markdown tables (readable in a terminal, pasteable in docs).

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const fmt = {
  int: (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a'),
  ms: (n) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : 'n/a'),
  mb: (n) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a'),
  ratio: (n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a'),
};

// Numbers (with an optional unit) and n/a are right-aligned; text is left-aligned.
const NUMERIC = /^(n\/a|[-+<>=]*\s*[\d,.]+\s*(ms|MB|x|%)?)$/;

export function markdownTable(columns, rows) {
  const cells = [columns, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = columns.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const right = columns.map((_, i) => rows.length > 0 && cells.slice(1).every((r) => NUMERIC.test(r[i])));
  const line = (r) =>
    `| ${r.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** A scenario result as text: its tables, then its checks against targets, then its notes. */
export function renderResult(result) {
  const out = [`## ${result.title}`, ''];
  for (const t of result.tables) {
    if (t.title) out.push(`${t.title}`, '');
    out.push(markdownTable(t.columns, t.rows), '');
  }
  if (result.checks.length > 0) {
    const rows = result.checks.map((c) => [c.label, c.display, c.target ?? '-', verdict(c.ok)]);
    out.push(markdownTable(['check', 'measured', 'target', 'result'], rows), '');
  }
  for (const n of result.notes) out.push(`- ${n}`);
  if (result.notes.length > 0) out.push('');
  return out.join('\n');
}

export function verdict(ok) {
  if (ok === undefined) return 'info';
  if (ok === null) return 'not yet measurable';
  return ok ? 'PASS' : 'FAIL';
}
