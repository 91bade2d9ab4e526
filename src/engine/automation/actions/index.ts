// The actions this emulator runs, by name; an action not listed fails its step with a clear message.
import type { SsmApi } from '../aws-api.js';
import { approve } from './approve.js';
import { branch } from './branch.js';
import { changeInstanceState } from './change-instance-state.js';
import { createImage } from './create-image.js';
import { createTags } from './create-tags.js';
import { deleteImage } from './delete-image.js';
import { executeAutomation } from './execute-automation.js';
import { executeAwsApi } from './execute-aws-api.js';
import { executeScript } from './execute-script.js';
import { exportPatchReport } from './export-patch-report.js';
import { loop } from './loop.js';
import { pause } from './pause.js';
import { assertAwsResourceProperty, waitForAwsResourceProperty } from './resource-property.js';
import { runCommand } from './run-command.js';
import { sleep } from './sleep.js';
import type { ActionRunner } from './types.js';
import { updateVariable } from './update-variable.js';

export function actionRegistry(ssmApi: SsmApi | undefined): Map<string, ActionRunner> {
  return new Map<string, ActionRunner>([
    ['aws:approve', approve],
    ['aws:assertAwsResourceProperty', assertAwsResourceProperty(ssmApi)],
    ['aws:branch', branch],
    ['aws:changeInstanceState', changeInstanceState],
    ['aws:createImage', createImage],
    ['aws:createTags', createTags],
    ['aws:deleteImage', deleteImage],
    ['aws:executeAutomation', executeAutomation],
    ['aws:executeAwsApi', executeAwsApi(ssmApi)],
    ['aws:executeScript', executeScript],
    ['aws:loop', loop],
    ['aws:pause', pause],
    ['aws:runCommand', runCommand],
    ['aws:sleep', sleep],
    ['aws:updateVariable', updateVariable],
    ['aws:waitForAwsResourceProperty', waitForAwsResourceProperty(ssmApi)],
  ]);
}

/**
 * Steps of AWS-owned runbooks the emulator runs itself instead of their action (their aws:executeScript calls
 * AWS services this offline emulator has no client for), by `<runbook>/<step>`.
 */
const NATIVE_STEPS = new Map<string, ActionRunner>([
  ['AWS-ExportPatchReportToS3/ExportReportStep', exportPatchReport],
]);

/** The native runner of a step of an AWS-owned runbook (names starting AWS- are Amazon's only), if any. */
export function nativeStep(documentName: string, stepName: string): ActionRunner | undefined {
  return documentName.startsWith('AWS-') ? NATIVE_STEPS.get(`${documentName}/${stepName}`) : undefined;
}
