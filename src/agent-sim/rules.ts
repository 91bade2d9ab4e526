// The fleet file's rules: the first whose regex matches the script (or a session's line) answers it.
import type { NodeProfile, ScriptRule } from '../agent-contract/node-model.js';

// Compiled once per profile: a fleet-file group shares one profile among thousands of nodes.
const compiled = new WeakMap<NodeProfile, { re: RegExp; rule: ScriptRule }[]>();

export function ruleFor(profile: NodeProfile, text: string): ScriptRule | undefined {
  let rules = compiled.get(profile);
  if (!rules) {
    rules = profile.behaviour.rules.map((rule) => ({ re: new RegExp(rule.match, 'm'), rule }));
    compiled.set(profile, rules);
  }
  return rules.find((r) => r.re.test(text))?.rule;
}
