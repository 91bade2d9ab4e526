// Pseudo parameters in a task's invocation parameters, replaced for each invocation (UG "About pseudo
// parameters": WINDOW_ID, WINDOW_TASK_ID, WINDOW_TARGET_ID, WINDOW_EXECUTION_ID, TASK_EXECUTION_ID,
// INVOCATION_ID, TARGET_TYPE, TARGET_ID, RESOURCE_ID). A placeholder with no value here stays as written.

export interface PseudoValues {
  WINDOW_ID: string;
  WINDOW_TASK_ID: string;
  WINDOW_TARGET_ID?: string;
  WINDOW_EXECUTION_ID: string;
  TASK_EXECUTION_ID: string;
  INVOCATION_ID: string;
  TARGET_TYPE?: string;
  TARGET_ID?: string;
  RESOURCE_ID?: string;
}

const PLACEHOLDER = /\{\{\s*([A-Z_]+)\s*\}\}/g;

export function substitute(text: string, values: PseudoValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = (values as unknown as Record<string, string | undefined>)[name];
    return v === undefined ? whole : v;
  });
}

export function substituteMap(
  params: Record<string, string[]> | undefined,
  values: PseudoValues,
): Record<string, string[]> | undefined {
  if (!params) return undefined;
  return Object.fromEntries(
    Object.entries(params).map(([k, vs]) => [k, vs.map((v) => substitute(v, values))]),
  );
}

/**
 * For RESOURCE_GROUP targets TARGET_ID is the resource's full ARN and RESOURCE_ID its short id; for INSTANCE
 * targets both are the instance id (UG "About pseudo parameters").
 */
export function targetIdOf(
  resourceId: string,
  resourceType: string,
  scope: { account: string; region: string },
): string {
  if (resourceType !== 'RESOURCE_GROUP') return resourceId;
  return resourceId.startsWith('mi-')
    ? `arn:aws:ssm:${scope.region}:${scope.account}:managed-instance/${resourceId}`
    : `arn:aws:ec2:${scope.region}:${scope.account}:instance/${resourceId}`;
}
