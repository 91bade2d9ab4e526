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
  const steps: PluginStep[] = doc.steps.map((s) => ({
    plugin: s.action,
    name: s.name,
    inputs: interpolate(s.inputs, { parameters: values }),
    ...(s.precondition ? { precondition: s.precondition } : {}),
    ...(s.onFailure === 'exit' || s.onFailure === 'successAndExit' ? { onFailure: s.onFailure } : {}),
    ...(s.finallyStep ? { finallyStep: true } : {}),
  }));
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
    outputDirs,
    executionTimeoutSeconds,
    instanceIds,
    targets,
  };
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
    if (seen.has(id)) throw new DuplicateInstanceId('');
    seen.add(id);
  }
  return { instanceIds: ids, targets };
}
