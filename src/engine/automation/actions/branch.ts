// aws:branch: the first Choice whose condition holds names the next step, else Default (actions reference,
// "aws:branch": every operator below, And / Or / Not nesting).
import { ActionInputError, type ActionRunner } from './types.js';

export type Choice = Record<string, unknown>;

const OPERATORS = [
  'StringEquals',
  'EqualsIgnoreCase',
  'StartsWith',
  'EndsWith',
  'Contains',
  'NumericEquals',
  'NumericGreater',
  'NumericLesser',
  'NumericGreaterOrEquals',
  'NumericLesserOrEquals',
  'BooleanEquals',
] as const;

export const branch: ActionRunner = async (ctx) => {
  const choices = ctx.inputs.Choices;
  if (!Array.isArray(choices) || !choices.length)
    throw new ActionInputError('aws:branch needs a list of Choices.');
  for (const c of choices as Choice[]) {
    if (evaluateChoice(c)) {
      if (typeof c.NextStep !== 'string')
        throw new ActionInputError('A Choice of aws:branch has no NextStep.');
      return { status: 'Success', next: c.NextStep };
    }
  }
  if (typeof ctx.inputs.Default === 'string') return { status: 'Success', next: ctx.inputs.Default };
  return {
    status: 'Failed',
    failure: { type: 'Execution', message: 'No Choice matched and aws:branch has no Default step.' },
  };
};

export function evaluateChoice(c: Choice): boolean {
  if (Array.isArray(c.And)) return (c.And as Choice[]).every(evaluateChoice);
  if (Array.isArray(c.Or)) return (c.Or as Choice[]).some(evaluateChoice);
  if (c.Not !== undefined) return !evaluateChoice(c.Not as Choice);
  const op = OPERATORS.find((o) => o in c);
  if (!op) throw new ActionInputError(`A Choice of aws:branch has no operator (${OPERATORS.join(', ')}).`);
  return compare(op, c.Variable, c[op]);
}

function compare(op: (typeof OPERATORS)[number], variable: unknown, expected: unknown): boolean {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const num = (v: unknown) => {
    const n = typeof v === 'number' ? v : Number(v);
    if (typeof v === 'boolean' || v === '' || Number.isNaN(n))
      throw new ActionInputError(`${op} compares numbers; ${JSON.stringify(v)} is not a number.`);
    return n;
  };
  switch (op) {
    case 'StringEquals':
      return text(variable) === text(expected);
    case 'EqualsIgnoreCase':
      return text(variable).toLowerCase() === text(expected).toLowerCase();
    case 'StartsWith':
      return text(variable).startsWith(text(expected));
    case 'EndsWith':
      return text(variable).endsWith(text(expected));
    case 'Contains':
      return Array.isArray(variable)
        ? variable.some((v) => text(v) === text(expected))
        : text(variable).includes(text(expected));
    case 'NumericEquals':
      return num(variable) === num(expected);
    case 'NumericGreater':
      return num(variable) > num(expected);
    case 'NumericLesser':
      return num(variable) < num(expected);
    case 'NumericGreaterOrEquals':
      return num(variable) >= num(expected);
    case 'NumericLesserOrEquals':
      return num(variable) <= num(expected);
    case 'BooleanEquals':
      return bool(variable) === bool(expected);
  }
}

function bool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ActionInputError(`BooleanEquals compares booleans; ${JSON.stringify(v)} is not a boolean.`);
}
