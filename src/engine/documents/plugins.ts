// What each action may be: Command plugins with the platforms they run on (user guide "Command document
// plugin reference"), and the Automation actions (user guide "Systems Manager Automation actions reference").

export type PlatformType = 'Windows' | 'Linux' | 'MacOS';
export const ALL_PLATFORMS: PlatformType[] = ['Windows', 'Linux', 'MacOS'];

const W: PlatformType[] = ['Windows'];
const WL: PlatformType[] = ['Windows', 'Linux'];
const WLM: PlatformType[] = ['Windows', 'Linux', 'MacOS'];

/** Command (and Policy) plugins and their platforms; macOS gets only the five plugins the guide lists for it. */
export const COMMAND_PLUGINS: Record<string, PlatformType[]> = {
  'aws:applications': W,
  'aws:cloudWatch': W,
  'aws:configureDocker': WL,
  'aws:configurePackage': WL,
  'aws:domainJoin': WL,
  'aws:downloadContent': WL,
  'aws:psModule': W,
  'aws:refreshAssociation': WLM,
  'aws:runDockerAction': WL,
  'aws:runDocument': WL,
  'aws:runPowerShellScript': WLM,
  'aws:runShellScript': ['Linux', 'MacOS'],
  'aws:softwareInventory': WLM,
  'aws:updateAgent': W,
  'aws:updateSsmAgent': WLM,
};

export const AUTOMATION_ACTIONS = new Set([
  'aws:approve',
  'aws:assertAwsResourceProperty',
  'aws:branch',
  'aws:changeInstanceState',
  'aws:copyImage',
  'aws:createImage',
  'aws:createStack',
  'aws:createTags',
  'aws:deleteImage',
  'aws:deleteStack',
  'aws:executeAutomation',
  'aws:executeAwsApi',
  'aws:executeScript',
  'aws:executeStateMachine',
  'aws:invokeLambdaFunction',
  'aws:invokeWebhook',
  'aws:loop',
  'aws:pause',
  'aws:runCommand',
  'aws:runInstances',
  'aws:sleep',
  'aws:updateVariable',
  'aws:waitForAwsResourceProperty',
]);

export const SESSION_TYPES = [
  'Standard_Stream',
  'InteractiveCommands',
  'NonInteractiveCommands',
  'Port',
] as const;

/** Union of the platforms of the given plugins, in AWS's order (Windows, Linux, MacOS). */
export function platformsOf(actions: string[]): PlatformType[] {
  const set = new Set<PlatformType>();
  for (const a of actions) for (const p of COMMAND_PLUGINS[a] ?? []) set.add(p);
  return ALL_PLATFORMS.filter((p) => set.has(p));
}
