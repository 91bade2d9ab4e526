// The one document parser: text -> checked, typed ParsedDocument, or an InvalidDocumentContent (& co.) whose message names
// what is wrong and where (CreateDocument/UpdateDocument store nothing when this throws).
import {
  InvalidDocumentContent,
  InvalidDocumentSchemaVersion,
  MaxDocumentSizeExceeded,
} from '../../model/generated/errors.js';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { parseContent, type ContentFormat } from './format.js';
import { MAX_DOCUMENT_CONTENT_BYTES } from './limits.js';
import type { CommandPluginStep, DocumentMetadata, ParsedDocument } from './parsed.js';
import {
  ALL_PLATFORMS,
  AUTOMATION_ACTIONS,
  COMMAND_PLUGINS,
  platformsOf,
  type PlatformType,
} from './plugins.js';
import { findReferences } from './interpolate.js';
import { documentSchemas, type ParameterDeclaration } from './schemas.js';

/** Schema versions each type accepts (user guide "Schema features and examples"). */
const SCHEMA_VERSIONS: Record<string, string[]> = {
  Command: ['1.2', '2.0', '2.2'],
  Policy: ['2.0', '2.2'],
  Automation: ['0.3'],
  'Automation.ChangeTemplate': ['0.3'],
  Session: ['1.0'],
  Package: ['2.0'],
};

/** Types whose content is plain text (iCalendar); AWS accepts TEXT only for these. */
const TEXT_TYPES = new Set(['ChangeCalendar']);

export interface ParseOptions {
  documentType: string;
  format: ContentFormat;
}

/** Checks the size, the syntax and the schema of the content; returns the parsed document. */
export function parseDocument(content: string, opts: ParseOptions): ParsedDocument {
  if (Buffer.byteLength(content, 'utf8') > MAX_DOCUMENT_CONTENT_BYTES) {
    // Model documentation of MaxDocumentSizeExceeded.
    throw new MaxDocumentSizeExceeded('The size limit of a document is 64 KB.');
  }
  const { documentType, format } = opts;
  if (format === 'TEXT' || TEXT_TYPES.has(documentType)) return parseText(content, opts);

  const value = parseContent(content, format);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`The document content must be a ${format} object.`);
  }
  const raw = { ...(value as Record<string, unknown>) };
  const schemaVersion = normalizeSchemaVersion(raw.schemaVersion);
  if (schemaVersion !== undefined) raw.schemaVersion = schemaVersion;

  const allowed = SCHEMA_VERSIONS[documentType];
  if (allowed) {
    if (schemaVersion === undefined) throw invalid('Field "schemaVersion" is required.');
    if (!allowed.includes(schemaVersion)) {
      throw new InvalidDocumentSchemaVersion(
        `Schema version ${schemaVersion} is not supported for document type ${documentType}. Supported schema versions: ${allowed.join(', ')}.`,
      );
    }
  }

  let parsed: ParsedDocument;
  switch (documentType) {
    case 'Command':
    case 'Policy':
      parsed = parseCommand(raw, schemaVersion!);
      break;
    case 'Automation':
    case 'Automation.ChangeTemplate':
      parsed = parseAutomation(raw);
      break;
    case 'Session': {
      const s = check(documentSchemas().SessionSchema, raw);
      parsed = {
        kind: 'Session',
        schemaVersion: '1.0',
        description: s.description,
        parameters: s.parameters ?? {},
        sessionType: s.sessionType,
        inputs: s.inputs ?? {},
        properties: s.properties ?? {},
        raw,
      };
      break;
    }
    case 'Package':
      check(documentSchemas().PackageSchema, raw);
      parsed = { kind: 'Other', schemaVersion: schemaVersion!, parameters: {}, raw };
      break;
    default: {
      const o = check(documentSchemas().OpaqueSchema, raw);
      const params =
        typeof o.parameters === 'object' && o.parameters
          ? (o.parameters as Record<string, ParameterDeclaration>)
          : {};
      parsed = {
        kind: 'Other',
        schemaVersion: schemaVersion ?? '',
        description: typeof o.description === 'string' ? o.description : undefined,
        parameters: params,
        raw,
      };
    }
  }
  checkParameterDeclarations(parsed.parameters);
  if (parsed.kind !== 'Other') checkReferences(parsed);
  return parsed;
}

/** Parameters, platforms, hash and description as DescribeDocument reports them. */
export function documentMetadata(
  parsed: ParsedDocument,
  content: string,
  documentType: string,
): DocumentMetadata {
  return {
    schemaVersion: parsed.schemaVersion || undefined,
    description: parsed.description,
    parameters: Object.entries(parsed.parameters).map(([Name, p]) => ({
      Name,
      Type: p.type,
      Description: p.description,
      DefaultValue:
        p.default === undefined
          ? undefined
          : typeof p.default === 'string'
            ? p.default
            : JSON.stringify(p.default),
    })),
    platformTypes: platformTypesOf(parsed, documentType),
    sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
  };
}

function platformTypesOf(parsed: ParsedDocument, documentType: string): PlatformType[] {
  if (parsed.kind === 'Command') return platformsOf(parsed.steps.map((s) => s.action));
  if (parsed.kind === 'Automation' || parsed.kind === 'Session') return [...ALL_PLATFORMS];
  // Package/ChangeCalendar/AppConfig documents do not run on nodes; AWS lists every platform for Package.
  return documentType === 'Package' ? [...ALL_PLATFORMS] : [];
}

function parseText(content: string, opts: ParseOptions): ParsedDocument {
  if (!TEXT_TYPES.has(opts.documentType) && opts.documentType !== 'ApplicationConfiguration') {
    throw invalid(`Document format TEXT is not supported for document type ${opts.documentType}.`);
  }
  if (opts.documentType === 'ChangeCalendar') {
    if (opts.format !== 'TEXT') throw invalid('ChangeCalendar documents must use document format TEXT.');
    if (!/^BEGIN:VCALENDAR\r?\n[\s\S]*END:VCALENDAR\s*$/.test(content.trim() + '\n')) {
      throw invalid(
        'The calendar content must be a valid iCalendar 2.0 object (BEGIN:VCALENDAR ... END:VCALENDAR).',
      );
    }
  }
  return { kind: 'Other', schemaVersion: '', parameters: {}, raw: { text: content } };
}

function parseCommand(raw: Record<string, unknown>, schemaVersion: string): ParsedDocument {
  if (schemaVersion === '1.2') {
    if ('mainSteps' in raw)
      throw invalid('Field "mainSteps" is not supported in schema version 1.2; use "runtimeConfig".');
    const d = check(documentSchemas().Command12Schema, raw);
    const steps: CommandPluginStep[] = [];
    for (const [plugin, cfg] of Object.entries(d.runtimeConfig)) {
      if (!COMMAND_PLUGINS[plugin]) throw invalid(`Plugin "${plugin}" at runtimeConfig is not supported.`);
      const list = Array.isArray(cfg.properties) ? cfg.properties : [cfg.properties];
      for (const props of list) {
        const { id, ...inputs } = props;
        steps.push({ action: plugin, name: plugin, id: typeof id === 'string' ? id : undefined, inputs });
      }
    }
    return {
      kind: 'Command',
      schemaVersion: '1.2',
      description: d.description,
      parameters: d.parameters ?? {},
      steps,
      raw,
    };
  }
  if ('runtimeConfig' in raw)
    throw invalid(
      `Field "runtimeConfig" is not supported in schema version ${schemaVersion}; use "mainSteps".`,
    );
  const d = check(documentSchemas().Command2Schema, raw);
  const seen = new Set<string>();
  d.mainSteps.forEach((s, i) => {
    if (!COMMAND_PLUGINS[s.action])
      throw invalid(`Plugin "${s.action}" at mainSteps[${i}] is not supported.`);
    if (seen.has(s.name))
      throw invalid(`Step name "${s.name}" at mainSteps[${i}] is used by more than one step.`);
    seen.add(s.name);
    if (s.precondition && d.schemaVersion !== '2.2') {
      throw invalid(`Field "precondition" at mainSteps[${i}] requires schema version 2.2.`);
    }
  });
  return {
    kind: 'Command',
    schemaVersion: d.schemaVersion,
    description: d.description,
    parameters: d.parameters ?? {},
    steps: d.mainSteps.map((s) => ({ ...s, inputs: s.inputs ?? {} })),
    raw,
  };
}

function parseAutomation(raw: Record<string, unknown>): ParsedDocument {
  const d = check(documentSchemas().AutomationSchema, raw);
  const names = new Set<string>();
  d.mainSteps.forEach((s, i) => {
    if (!AUTOMATION_ACTIONS.has(s.action))
      throw invalid(`Action "${s.action}" at mainSteps[${i}] is not supported.`);
    if (!/^[a-zA-Z0-9_]+$/.test(s.name)) {
      throw invalid(
        `Step name "${s.name}" at mainSteps[${i}] may contain only letters, numbers and underscores.`,
      );
    }
    if (names.has(s.name))
      throw invalid(`Step name "${s.name}" at mainSteps[${i}] is used by more than one step.`);
    names.add(s.name);
  });
  d.mainSteps.forEach((s, i) => {
    for (const field of ['onFailure', 'onSuccess', 'onCancel'] as const) {
      const v = s[field];
      if (v === undefined) continue;
      const target = /^step:(.+)$/.exec(v)?.[1];
      if (target !== undefined) {
        if (!names.has(target))
          throw invalid(`Step "${target}" named by ${field} at mainSteps[${i}] is not defined.`);
      } else if (!['Abort', 'Continue'].includes(v) && !(field === 'onCancel' && v === 'Abort')) {
        throw invalid(
          `Value "${v}" of ${field} at mainSteps[${i}] must be Abort, Continue or step:<step name>.`,
        );
      }
    }
    if (s.nextStep !== undefined && !names.has(s.nextStep)) {
      throw invalid(`Step "${s.nextStep}" named by nextStep at mainSteps[${i}] is not defined.`);
    }
    if (s.action === 'aws:branch') checkBranch(s.name, i, s.inputs ?? {}, names);
  });
  return {
    kind: 'Automation',
    schemaVersion: '0.3',
    description: d.description,
    assumeRole: d.assumeRole,
    parameters: d.parameters ?? {},
    variables: d.variables ?? {},
    steps: d.mainSteps,
    outputs: d.outputs ?? [],
    raw,
  };
}

/** aws:branch choices: each NextStep must exist; And/Or take at least two expressions (AWS's own wording). */
function checkBranch(step: string, i: number, inputs: Record<string, unknown>, names: Set<string>): void {
  const choices = inputs.Choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    throw invalid(`Field "mainSteps[${i}].inputs.Choices" must contain at least 1 item.`);
  }
  const walk = (choice: unknown): void => {
    if (typeof choice !== 'object' || choice === null) return;
    for (const op of ['And', 'Or'] as const) {
      const list = (choice as Record<string, unknown>)[op];
      if (list === undefined) continue;
      const n = Array.isArray(list) ? list.length : 0;
      // Real AWS text, typo included: "Expect at lease two expressions for operator: Or in step: X. Provided: 1".
      if (n < 2)
        throw invalid(`Expect at lease two expressions for operator: ${op} in step: ${step}. Provided: ${n}`);
      for (const c of list as unknown[]) walk(c);
    }
    const not = (choice as Record<string, unknown>).Not;
    if (not !== undefined) walk(not);
  };
  choices.forEach((c, j) => {
    walk(c);
    const next = (c as Record<string, unknown> | null)?.NextStep;
    if (typeof next === 'string' && !next.includes('{{') && !names.has(next)) {
      throw invalid(`Step "${next}" named by Choices[${j}].NextStep at mainSteps[${i}] is not defined.`);
    }
  });
  const def = inputs.Default;
  if (typeof def === 'string' && !def.includes('{{') && !names.has(def)) {
    throw invalid(`Step "${def}" named by Default at mainSteps[${i}] is not defined.`);
  }
}

const DEFAULT_TYPE_CHECK: Record<string, (v: unknown) => boolean> = {
  String: (v) => typeof v === 'string',
  StringList: (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  Integer: (v) => Number.isInteger(v) || (typeof v === 'string' && v.includes('{{')),
  Boolean: (v) => typeof v === 'boolean' || (typeof v === 'string' && v.includes('{{')),
  StringMap: (v) => typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v)),
  MapList: (v) =>
    typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null)),
};

function checkParameterDeclarations(params: Record<string, ParameterDeclaration>): void {
  for (const [name, p] of Object.entries(params)) {
    if (!/^[a-zA-Z0-9_]+$/.test(name)) {
      throw invalid(`Parameter name "${name}" may contain only letters, numbers and underscores.`);
    }
    if (p.default !== undefined && !DEFAULT_TYPE_CHECK[p.type](p.default)) {
      throw invalid(`Default value of parameter "${name}" does not match its type ${p.type}.`);
    }
    if (p.allowedPattern !== undefined) {
      try {
        new RegExp(p.allowedPattern);
      } catch {
        throw invalid(`allowedPattern of parameter "${name}" is not a valid regular expression.`);
      }
    }
  }
}

/** Every `{{ name }}` must name a declared parameter (or variable, step output, global or ssm value). */
function checkReferences(parsed: Exclude<ParsedDocument, { kind: 'Other' }>): void {
  const declared = new Set(Object.keys(parsed.parameters));
  const steps = new Set<string>();
  if (parsed.kind === 'Automation') {
    for (const v of Object.keys(parsed.variables)) declared.add(v);
    for (const s of parsed.steps) steps.add(s.name);
  }
  const { parameters: _p, ...rest } = parsed.raw;
  for (const ref of findReferences(rest)) {
    if (ref.kind === 'parameter' && !declared.has(ref.name)) {
      // AWS: `Parameter "AutomationAssumeRole" is not declared.` (InvalidDocumentContent).
      throw invalid(`Parameter "${ref.name}" is not declared.`);
    }
    if (ref.kind === 'stepOutput' && parsed.kind === 'Automation' && !steps.has(ref.step)) {
      throw invalid(`Step "${ref.step}" referenced by "{{ ${ref.name} }}" is not defined.`);
    }
    if (
      ref.kind === 'variable' &&
      parsed.kind === 'Automation' &&
      !declared.has(ref.name.slice('variable:'.length))
    ) {
      throw invalid(`Variable "${ref.name.slice('variable:'.length)}" is not declared.`);
    }
  }
}

function normalizeSchemaVersion(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // YAML `schemaVersion: 2.0` is the number 2.
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(1) : String(v);
  return undefined;
}

function invalid(message: string): InvalidDocumentContent {
  return new InvalidDocumentContent(message);
}

function check<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw invalid(describeIssue(r.error.issues[0]));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = pathText(issue.path);
  const field = path ? `Field "${path}"` : 'The document';
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) return `${field} is required.`;
      return `${field} must be ${article(issue.expected)}.`;
    case 'invalid_value':
      return `${field} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${field} must contain at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}.`
        : `${field} must be at least ${String(issue.minimum)}.`;
    case 'invalid_union':
      return `${field} has an unsupported structure.`;
    default:
      return `${field}: ${issue.message}.`;
  }
}

function article(expected: string): string {
  const name = expected === 'record' ? 'object' : expected === 'array' ? 'list' : expected;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function pathText(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
