// CreateAssociation / UpdateAssociation checks before anything is written: the document and version, the
// targets, the parameters against the document, the schedule (src/engine/schedule), the output location and
// the calendars. Any failure throws AWS's error and creates nothing.
import type { Store } from '../../store/index.js';
import type { AssociationConfig } from '../../store/repositories/associations.js';
import {
  InvalidDocument,
  InvalidDocumentVersion,
  InvalidInstanceId,
  InvalidOutputLocation,
  InvalidParameters,
  InvalidSchedule,
  InvalidTarget,
  InvalidTargetMaps,
} from '../../model/generated/errors.js';
import {
  InvalidParametersError,
  findDocumentRef,
  loadDocument,
  resolveParameters,
  type ParameterIssue,
} from '../documents/index.js';
import { associationMessages, validateAssociationSchedule, type Schedule } from '../schedule/index.js';
import { checkTargets } from './targets.js';

type Scope = { account: string; region: string };

// The same texts SendCommand and the document operations answer with (src/engine/commands/prepare.ts).
const NO_SUCH_DOCUMENT = 'The specified document does not exist.';
const NO_SUCH_VERSION = 'The document version is not valid or does not exist.';

export interface PreparedAssociation {
  config: AssociationConfig;
  /** 'Command' or 'Automation'. */
  documentType: string;
  schedule?: Schedule;
}

/** Validates a complete association configuration (a new one, or an update merged onto the old). */
export function prepareAssociation(
  store: Store,
  scope: Scope,
  config: AssociationConfig,
): PreparedAssociation {
  const loaded = loadDocument(store, scope, config.Name, config.DocumentVersion);
  if (!loaded) throw new InvalidDocument(NO_SUCH_DOCUMENT);
  if (!loaded.version) throw new InvalidDocumentVersion(NO_SUCH_VERSION);
  const { ref, parsed } = loaded;
  const documentType = parsed.kind;
  if (documentType !== 'Command' && documentType !== 'Automation')
    // Ours: associations run Command documents and Automation runbooks (CreateAssociation API reference, Name).
    throw new InvalidDocument(`Document type ${ref.documentType} is not supported for associations.`);
  const targets = config.Targets ?? [];
  if (config.InstanceId) {
    // aws/aws-cli#6878: a legacy association of a runbook is refused with this text.
    if (documentType === 'Automation')
      throw new InvalidDocument(
        `Document schema version, ${parsed.schemaVersion}, is not supported by association that is created with instance id`,
      );
    if (targets.length) throw new InvalidTarget('Specify either InstanceId or Targets, not both.'); // ours
    if (!store.nodes.get(scope.account, scope.region, config.InstanceId))
      throw new InvalidInstanceId(
        `Instances [[${config.InstanceId}]] not in a valid state for account ${scope.account}`,
      );
  }
  const maps = config.TargetMaps ?? [];
  if (maps.length) {
    // Ours, in the words of the API reference: "Both Targets and TargetMaps can't be specified together."
    if (targets.length)
      throw new InvalidTargetMaps("Both Targets and TargetMaps can't be specified together.");
    if (documentType !== 'Automation')
      throw new InvalidTargetMaps('TargetMaps can be specified only for Automation runbooks.');
  }
  // hashicorp/terraform-provider-aws#10261: "InvalidTarget: Instance ID or targets must be specified".
  if (documentType === 'Command' && !config.InstanceId && !targets.length)
    throw new InvalidTarget('Instance ID or targets must be specified');
  checkTargets(targets, documentType);
  const targetParameter = config.AutomationTargetParameterName;
  if (targetParameter !== undefined) {
    if (documentType !== 'Automation' || !(targetParameter in parsed.parameters))
      throw new InvalidParameters(`Parameter "${targetParameter}" is not defined in the document.`); // ours
  }
  checkParameters(parsed.parameters, config, targets.length > 0);
  const schedule = checkSchedule(config);
  checkOutputLocation(config);
  for (const name of config.CalendarNames ?? []) {
    const cal = findDocumentRef(store, scope, name);
    // Ours: a calendar must be a Change Calendar document the caller can read.
    if (!cal || cal.documentType !== 'ChangeCalendar')
      throw new InvalidDocument(`Calendar ${name} is not a ChangeCalendar document.`);
  }
  return { config, documentType, schedule };
}

function checkParameters(
  declarations: Record<string, Parameters<typeof resolveParameters>[0][string]>,
  config: AssociationConfig,
  hasTargets: boolean,
): void {
  const filled = new Set<string>();
  // The targets fill AutomationTargetParameterName (and TargetMaps the mapped ones) per target.
  if (hasTargets && config.AutomationTargetParameterName) filled.add(config.AutomationTargetParameterName);
  for (const m of config.TargetMaps ?? []) for (const k of Object.keys(m)) filled.add(k);
  const decl = { ...declarations };
  const supplied: Record<string, unknown> = { ...config.Parameters };
  for (const name of filled) {
    delete decl[name];
    delete supplied[name];
  }
  try {
    resolveParameters(decl, supplied);
  } catch (err) {
    if (!(err instanceof InvalidParametersError)) throw err;
    throw new InvalidParameters(parameterMessage(err.issues));
  }
}

/** AWS answers one problem at a time; a missing one reads as in hashicorp/terraform-provider-aws#35908. */
function parameterMessage(issues: ParameterIssue[]): string {
  const first = issues.find((i) => i.code === 'required') ?? issues[0];
  if (first.code === 'required') return `Parameter "${first.parameter}" requires a value.`;
  return first.message;
}

function checkSchedule(config: AssociationConfig): Schedule | undefined {
  if (config.ScheduleExpression === undefined) {
    if (config.ScheduleOffset !== undefined) throw new InvalidSchedule(associationMessages.offsetNeedsCron());
    return undefined;
  }
  const r = validateAssociationSchedule({
    scheduleExpression: config.ScheduleExpression,
    scheduleOffset: config.ScheduleOffset,
    applyOnlyAtCronInterval: config.ApplyOnlyAtCronInterval,
  });
  if (!r.ok) throw new InvalidSchedule(r.message);
  return r.schedule;
}

/** S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens (the rule SendCommand applies). */
function checkOutputLocation(config: AssociationConfig): void {
  const s3 = config.OutputLocation?.S3Location;
  if (!s3) return;
  const bucket = s3.OutputS3BucketName;
  // InvalidOutputLocation has no message member: AWS sends the bare type.
  if (bucket === undefined || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new InvalidOutputLocation('');
}
