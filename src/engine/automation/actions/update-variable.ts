// aws:updateVariable: sets a variable the runbook declares; Name is `variable:NAME`, Value must already be of
// the variable's type (actions reference, "aws:updateVariable": no conversions).
import { ActionInputError, type ActionRunner } from './types.js';

export const updateVariable: ActionRunner = async (ctx) => {
  const { inputs, execution } = ctx;
  const m = /^variable:([A-Za-z0-9_]+)$/.exec(String(inputs.Name ?? ''));
  const decl = m ? execution.variables[m[1]] : undefined;
  if (!m || !decl)
    throw new ActionInputError(
      `Name ${String(inputs.Name)} is not a variable the runbook declares (variable:NAME).`,
    );
  const v = inputs.Value;
  const ok =
    decl.type === 'String'
      ? typeof v === 'string'
      : decl.type === 'Integer'
        ? Number.isInteger(v)
        : decl.type === 'Boolean'
          ? typeof v === 'boolean'
          : decl.type === 'StringList'
            ? Array.isArray(v) && v.every((x) => typeof x === 'string')
            : decl.type === 'MapList'
              ? Array.isArray(v)
              : typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!ok)
    throw new ActionInputError(`Value ${JSON.stringify(v)} is not of the variable's type ${decl.type}.`);
  execution.setVariable(m[1], v);
  return { status: 'Success' };
};
