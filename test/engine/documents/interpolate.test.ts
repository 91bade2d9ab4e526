// Parameter interpolation and checking, as Run Command, Automation and Session Manager will use them.
import { describe, expect, it } from 'vitest';
import {
  catalogDocument,
  findReferences,
  interpolate,
  InvalidParametersError,
  resolveParameters,
  type ParameterDeclaration,
} from '../../../src/engine/documents/index.js';

function issues(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidParametersError) return err.issues;
    throw err;
  }
  throw new Error('expected InvalidParametersError');
}

describe('findReferences', () => {
  it('classifies parameters, Parameter Store values, automation variables and step outputs', () => {
    const refs = findReferences({
      a: '{{ p }} {{ssm:/app/x}} {{ ssm-secure:pw }}',
      b: [
        '{{ global:DATE_TIME }}',
        '{{automation:EXECUTION_ID}}',
        '{{ step1.ImageId }}',
        '{{ variable:Count }}',
        '{{.Go}}',
      ],
    });
    expect(refs).toEqual([
      { kind: 'parameter', name: 'p' },
      { kind: 'ssm', name: '/app/x', secure: false },
      { kind: 'ssm', name: 'pw', secure: true },
      { kind: 'global', name: 'global:DATE_TIME' },
      { kind: 'automation', name: 'automation:EXECUTION_ID' },
      { kind: 'stepOutput', name: 'step1.ImageId', step: 'step1', output: 'ImageId' },
      { kind: 'variable', name: 'variable:Count' },
    ]);
  });
});

describe('interpolate', () => {
  it('keeps the type of a value that is exactly one reference, and writes text inside longer strings', () => {
    const inputs = {
      runCommand: '{{ commands }}',
      timeoutSeconds: '{{ t }}',
      line: 'run {{ commands }} in {{ dir }}',
    };
    expect(interpolate(inputs, { parameters: { commands: ['ls', 'pwd'], t: 30, dir: '/tmp' } })).toEqual({
      runCommand: ['ls', 'pwd'],
      timeoutSeconds: 30,
      line: 'run ls,pwd in /tmp',
    });
  });

  it('resolves Parameter Store references through the resolver callback', () => {
    const seen: [string, boolean][] = [];
    const resolveSsm = (name: string, o: { secure: boolean }) => (
      seen.push([name, o.secure]),
      name === '/missing' ? undefined : `<${name}>`
    );
    expect(interpolate('a {{ssm:/app/x}} b {{ ssm-secure:pw }}', { resolveSsm })).toBe('a </app/x> b <pw>');
    expect(seen).toEqual([
      ['/app/x', false],
      ['pw', true],
    ]);
    expect(issues(() => interpolate('{{ ssm:/missing }}', { resolveSsm }))).toEqual([
      {
        code: 'unresolved',
        parameter: '/missing',
        message: 'Parameter Store parameter "/missing" does not exist.',
      },
    ]);
  });

  it('substitutes automation values and keeps unknown ones unless asked to fail', () => {
    const values = { 'global:DATE_TIME': '20261126_060000', 'first.ImageId': 'ami-1' };
    expect(
      interpolate('{{ AMIName }}-{{global:DATE_TIME}} {{ first.ImageId }}', {
        parameters: { AMIName: 'x' },
        values,
      }),
    ).toBe('x-20261126_060000 ami-1');
    expect(interpolate('{{ later.Out }}', {})).toBe('{{ later.Out }}');
    expect(issues(() => interpolate('{{ later.Out }}', { onMissing: 'throw' }))[0].code).toBe('unresolved');
  });
});

describe('resolveParameters', () => {
  const shell = catalogDocument('AWS-RunShellScript')!.parsed.parameters;

  it('applies defaults and types the values', () => {
    expect(resolveParameters(shell, { commands: ['echo hi'] })).toEqual({
      commands: ['echo hi'],
      workingDirectory: '',
      executionTimeout: '3600',
    });
  });

  it('reports every issue: required, undeclared, pattern, minItems, type and allowed values', () => {
    const decl: Record<string, ParameterDeclaration> = {
      mode: { type: 'String', allowedValues: ['Scan', 'Install'] },
      n: { type: 'Integer', default: 1 },
      list: { type: 'StringList', minItems: 1, maxItems: 2 },
    };
    expect(issues(() => resolveParameters(shell, { executionTimeout: ['999999'], extra: ['x'] }))).toEqual([
      {
        code: 'undeclared',
        parameter: 'extra',
        message: 'Parameter "extra" is not defined in the document.',
      },
      {
        code: 'required',
        parameter: 'commands',
        message: 'Parameter "commands" is required but was not provided.',
      },
      {
        code: 'allowedPattern',
        parameter: 'executionTimeout',
        message:
          'Parameter "executionTimeout" has value "999999", which does not match the allowed pattern ([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800).',
      },
    ]);
    expect(
      issues(() => resolveParameters(decl, { mode: ['Fix'], n: ['x'], list: [] })).map((i) => i.code),
    ).toEqual(['allowedValues', 'type', 'minItems']);
    expect(resolveParameters(decl, { mode: ['Scan'], n: ['7'], list: ['a', 'b'] })).toEqual({
      mode: 'Scan',
      n: 7,
      list: ['a', 'b'],
    });
  });

  it('converts Boolean, StringMap and MapList values from their API text', () => {
    const decl: Record<string, ParameterDeclaration> = {
      b: { type: 'Boolean' },
      m: { type: 'StringMap' },
      ml: { type: 'MapList' },
    };
    expect(resolveParameters(decl, { b: ['true'], m: ['{"k":"v"}'], ml: ['[{"a":1}]'] })).toEqual({
      b: true,
      m: { k: 'v' },
      ml: [{ a: 1 }],
    });
  });

  it('resolves {{ ssm:... }} defaults; a StringList takes the comma-separated value as a list', () => {
    const decl: Record<string, ParameterDeclaration> = {
      commands: { type: 'StringList', default: '{{ ssm:myShellCommands }}' },
    };
    expect(resolveParameters(decl, {}, { resolveSsm: () => 'ls,pwd' })).toEqual({ commands: ['ls', 'pwd'] });
  });
});
