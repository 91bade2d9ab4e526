// The simulated EC2 (docs/ec2.md): one entry point, Ec2Simulator.call(scope, api, params).
export { Ec2Simulator, EC2_API_NAMES, type Ec2Scope, type Ec2Deps } from './simulator.js';
export { Ec2Error, automationMessage } from './errors.js';
export * as ec2Limits from './limits.js';
