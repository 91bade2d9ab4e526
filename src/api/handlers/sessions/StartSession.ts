import { defineHandler } from '../../protocol/handler.js';
import { InvalidDocument, TargetNotConnected } from '../../../model/generated/errors.js';
import { interpolate, loadDocument, resolveParameters } from '../../../engine/documents/index.js';
import type { SessionType } from '../../../engine/sessions/live-session.js';
import { PREFERENCES_DOCUMENT } from '../../../engine/sessions/preferences.js';

const SESSION_TYPES: SessionType[] = [
  'Standard_Stream',
  'InteractiveCommands',
  'NonInteractiveCommands',
  'Port',
];

export default defineHandler('StartSession', (input, ctx) => {
  const { fleet, sessions, store } = ctx.services;
  const ref = { account: ctx.account, region: ctx.region, instanceId: input.Target };
  const node = fleet.node(ref);
  // AWS: "An error occurred (TargetNotConnected) ...: mi-01064afae0734b12b is not connected." (aws-samples/sagemaker-ssh-helper#1)
  if (!node || fleet.pingStatus(node) !== 'Online' || !fleet.isReachable(ref))
    throw new TargetNotConnected(`${input.Target} is not connected.`);
  const documentName = input.DocumentName ?? PREFERENCES_DOCUMENT;
  const loaded = loadDocument(store, ctx, documentName);
  if (!loaded?.version) throw new InvalidDocument('The specified document does not exist.');
  const parsed = loaded.parsed;
  if (parsed.kind !== 'Session' || !SESSION_TYPES.includes(parsed.sessionType as SessionType))
    throw new InvalidDocument(`Document ${loaded.ref.name} is not a Session document.`);
  // Parameters the document does not accept: InvalidParameters naming each issue.
  const values = resolveParameters(parsed.parameters, input.Parameters);
  const properties = interpolate(parsed.properties, { parameters: values }) as Record<string, unknown>;
  const started = sessions.startSession({
    account: ctx.account,
    region: ctx.region,
    target: input.Target,
    documentName: loaded.ref.name,
    reason: input.Reason,
    owner: ctx.callerArn,
    sessionType: parsed.sessionType as SessionType,
    properties: stringValues(properties),
  });
  return { SessionId: started.sessionId, TokenValue: started.token, StreamUrl: started.streamUrl };
});

// The plugin reads every property as a JSON string (session-protocol.md 2).
function stringValues(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [
      k,
      typeof x === 'number' || typeof x === 'boolean'
        ? String(x)
        : x && typeof x === 'object' && !Array.isArray(x)
          ? stringValues(x as Record<string, unknown>)
          : x,
    ]),
  );
}
