// SendCommand's checks before anything is created: the document and version, the hash, the parameters, the
// targets, and the steps each node will run. Any failure throws CommandRequestError and creates nothing.
import {
  DuplicateInstanceId,
  InvalidDocument,
  InvalidDocumentVersion,
  InvalidParameters,
} from '../../model/generated/errors.js';
import type { Store } from '../../store/index.js';
import type { SendCommandRequest } from '../../model/generated/types.js';
import type { PluginStep } from '../../agent-contract/protocol.js';
import {
  InvalidParametersError,
  interpolate,
  loadDocument,
  resolveParameters,
  type ParsedCommandDocument,
  type SsmResolver,
} from '../documents/index.js';
import { DEFAULT_EXECUTION_TIMEOUT_SECONDS } from './limits.js';
import type { TargetSpec } from './types.js';

// The same texts the document operations answer with (src/api/handlers/documents/document-access.ts).
const NO_SUCH_DOCUMENT = 'The specified document does not exist.';
const NO_SUCH_VERSION = 'The document version is not valid or does not exist.';

/** What prepareCommand reads of a SendCommand request. */
export type SendCommandInput = Pick<
  SendCommandRequest,
  | 'InstanceIds'
  | 'Targets'
  | 'DocumentName'
  | 'DocumentVersion'
  | 'DocumentHash'
  | 'DocumentHashType'
  | 'Parameters'
>;

export interface PreparedCommand {
  documentName: string;
  platformTypes: string[];
  /** Typed values with defaults, as the steps were interpolated with. */
  values: Record<string, unknown>;
  steps: PluginStep[];
  /** The documents aws:runDocument steps name, as steps (deliver-command's `documents`). */
  documents: Record<string, PluginStep[]>;
  /** Output folder names per step, as AWS lays out OutputS3 keys (awsrunShellScript/0.awsrunShellScript). */
  outputDirs: { plugin: string; step: string }[];
  executionTimeoutSeconds: number;
  instanceIds: string[];
  targets: TargetSpec[];
}

export function prepareCommand(
  store: Store,
  scope: { account: string; region: string },
  input: SendCommandInput,
  resolveSsm: SsmResolver,
): PreparedCommand {
  const loaded = loadDocument(store, scope, input.DocumentName, input.DocumentVersion);
  if (!loaded) throw new InvalidDocument(NO_SUCH_DOCUMENT);
  if (!loaded.version) throw new InvalidDocumentVersion(NO_SUCH_VERSION);
  const { ref, version, parsed } = loaded;
  if (parsed.kind !== 'Command') {
    // SendCommand runs Command documents only (SendCommand API reference: DocumentName "Command type").
    throw new InvalidDocument(`Document type ${ref.documentType} is not supported for this operation.`);
  }
  if (input.DocumentHash !== undefined && input.DocumentHash !== version.sha256) {
    // AWS checks the hash against the version it runs (SendCommand API reference: DocumentHash).
    throw new InvalidDocument('The document hash does not match the document.');
  }

  let values: Record<string, unknown>;
  try {
    values = resolveParameters(parsed.parameters, input.Parameters, { resolveSsm });
  } catch (err) {
    if (!(err instanceof InvalidParametersError)) throw err;
    // AWS answers an undeclared parameter with an empty InvalidParameters (claranet/ssha#71, a SendCommand capture).
    const first = err.issues[0];
    throw new InvalidParameters(first.code === 'undeclared' ? '' : first.message);
  }

  const { instanceIds, targets } = targetsOf(input);
  const doc = parsed as ParsedCommandDocument;
  const steps = commandSteps(doc, values);
  const documents: Record<string, PluginStep[]> = {};
  nestedDocuments(store, scope, steps, resolveSsm, documents, 1);
  const outputDirs = doc.steps.map((s) => ({
    plugin: s.action.replace(/:/g, ''),
    step: (doc.schemaVersion === '1.2' ? (s.id ?? `0.${s.action}`) : s.name).replace(/:/g, ''),
  }));
  const declared = values.executionTimeout;
  const executionTimeoutSeconds =
    declared !== undefined && Number.isFinite(Number(declared))
      ? Number(declared)
      : DEFAULT_EXECUTION_TIMEOUT_SECONDS;
  return {
    documentName: ref.name,
    platformTypes: version.platformTypes,
    values,
    steps,
    documents,
    outputDirs,
    executionTimeoutSeconds,
    instanceIds,
    targets,
  };
}

/** A Command document's steps with its parameter values in their inputs and preconditions. */
export function commandSteps(doc: ParsedCommandDocument, values: Record<string, unknown>): PluginStep[] {
  return doc.steps.map((s) => ({
    plugin: s.action,
    name: s.name,
    inputs: interpolate(s.inputs, { parameters: values }),
    // Schema 2.2 preconditions may compare parameters ({"StringEquals": ["{{ Operation }}", "Install"]}).
    ...(s.precondition ? { precondition: interpolate(s.precondition, { parameters: values }) } : {}),
    ...(s.onFailure === 'exit' || s.onFailure === 'successAndExit' ? { onFailure: s.onFailure } : {}),
    ...(s.finallyStep ? { finallyStep: true } : {}),
  }));
}

/** aws:runDocument nests documents this deep (the agent refuses deeper ones: MAX_RUN_DOCUMENT_DEPTH there). */
const MAX_NESTED_DOCUMENTS = 3;

/**
 * The SSM documents aws:runDocument steps name (documentType SSMDocument, by name), with the step's
 * documentParameters, as the agent runs them; nested ones too. A name that loads nothing is left out: the
 * agent then fails that step as it cannot find the document.
 */
function nestedDocuments(
  store: Store,
  scope: { account: string; region: string },
  steps: PluginStep[],
  resolveSsm: SsmResolver,
  out: Record<string, PluginStep[]>,
  depth: number,
): void {
  for (const s of steps) {
    if (s.plugin !== 'aws:runDocument' || depth > MAX_NESTED_DOCUMENTS) continue;
    const name = typeof s.inputs.documentPath === 'string' ? s.inputs.documentPath : '';
    if ((s.inputs.documentType ?? 'SSMDocument') !== 'SSMDocument' || !name || out[name]) continue;
    const loaded = loadDocument(store, scope, name);
    if (!loaded?.version || loaded.parsed.kind !== 'Command') continue;
    let values: Record<string, unknown>;
    try {
      values = resolveParameters(loaded.parsed.parameters, documentParameters(s.inputs.documentParameters), {
        resolveSsm,
      });
    } catch (err) {
      if (err instanceof InvalidParametersError) continue;
      throw err;
    }
    out[name] = commandSteps(loaded.parsed as ParsedCommandDocument, values);
    nestedDocuments(store, scope, out[name], resolveSsm, out, depth + 1);
  }
}

/** aws:runDocument's documentParameters: a map, or its JSON text; values become lists as SendCommand's are. */
function documentParameters(v: unknown): Record<string, unknown> | undefined {
  let map = v;
  if (typeof v === 'string') {
    if (!v.trim()) return undefined;
    try {
      map = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!map || typeof map !== 'object' || Array.isArray(map)) return undefined;
  return Object.fromEntries(
    Object.entries(map as Record<string, unknown>).map(([k, x]) => [k, Array.isArray(x) ? x : [x]]),
  );
}

/** Target keys SendCommand accepts (UG "Run commands at scale"; Target API reference). */
const TARGET_KEY =
  /^(InstanceIds|instanceids|tag:.+|tag-key|resource-groups:Name|resource-groups:ResourceTypeFilters)$/;

function targetsOf(input: SendCommandInput): { instanceIds: string[]; targets: TargetSpec[] } {
  const ids = input.InstanceIds ?? [];
  const targets = (input.Targets ?? []).map((t) => ({ Key: t.Key ?? '', Values: t.Values ?? [] }));
  // AWS answers target problems with InvalidParameters (aws/aws-cli#2670: "Specifying multiple target filters
  // is not supported yet."); the texts below follow that style.
  if (ids.length && targets.length)
    throw new InvalidParameters('Specify either InstanceIds or Targets, not both.');
  if (!ids.length && !targets.length) throw new InvalidParameters('Specify InstanceIds or Targets.');
  for (const t of targets) {
    if (!TARGET_KEY.test(t.Key)) throw new InvalidParameters(`Target key ${t.Key} is not supported.`);
    if (!t.Values.length) throw new InvalidParameters(`Target key ${t.Key} has no values.`);
  }
  const seen = new Set<string>();
  for (const id of ids) {
    // DuplicateInstanceId has no message member worth filling: AWS sends the bare type.
    if (seen.has(id)) throw new DuplicateInstanceId('').because(`instance id ${id} is given twice`);
    seen.add(id);
  }
  return { instanceIds: ids, targets };
}
