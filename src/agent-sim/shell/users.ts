// The accounts of a node's image: root, a few system accounts, the image's default user (ec2-user,
// ubuntu) and ssm-user, which SSM Agent creates for Session Manager (appconfig DefaultRunAsUserName).
import type { OsTraits } from './os-traits.js';

export const SSM_USER = 'ssm-user';

export interface UserInfo {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  /** Supplementary groups, by name. */
  groups: string[];
}

const SYSTEM_USERS: UserInfo[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash', groups: [] },
  { name: 'bin', uid: 1, gid: 1, home: '/bin', shell: '/sbin/nologin', groups: [] },
  { name: 'daemon', uid: 2, gid: 2, home: '/sbin', shell: '/sbin/nologin', groups: [] },
  { name: 'nobody', uid: 65534, gid: 65534, home: '/', shell: '/sbin/nologin', groups: [] },
];

/** Accounts of the node; `extra` names users the fleet file mentions (facts.username). */
export function nodeUsers(traits: OsTraits, extra?: string): UserInfo[] {
  const home = traits.agentData.startsWith('/opt') ? '/Users' : '/home';
  // The default user administers the image: wheel on RHEL-like images, sudo and adm on Ubuntu.
  const admin = traits.sh === 'dash' ? ['adm', 'sudo'] : ['adm', 'wheel'];
  const people = [traits.defaultUser, SSM_USER];
  if (extra && extra !== 'root' && !people.includes(extra)) people.push(extra);
  return [
    ...SYSTEM_USERS,
    ...people.map((name, i) => ({
      name,
      uid: traits.uidBase + i,
      gid: traits.uidBase + i,
      home: `${home}/${name}`,
      shell: '/bin/bash',
      groups: name === traits.defaultUser ? admin : [],
    })),
  ];
}

export function passwdFile(users: UserInfo[]): string {
  return users.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home}:${u.shell}\n`).join('');
}

export function groupFile(users: UserInfo[]): string {
  const members = (g: string) =>
    users
      .filter((u) => u.groups.includes(g))
      .map((u) => u.name)
      .join(',');
  const named = [
    ['adm', 4],
    ['wheel', 10],
    ['sudo', 27],
  ] as const;
  return [
    ...users.map((u) => `${u.name}:x:${u.gid}:\n`),
    ...named.map(([g, gid]) => `${g}:x:${gid}:${members(g)}\n`),
  ].join('');
}

/** `id`'s answer: uid=1001(ssm-user) gid=1001(ssm-user) groups=1001(ssm-user). */
export function idLine(user: UserInfo): string {
  const gids: [number, string][] = [[user.gid, user.name === 'root' ? 'root' : user.name]];
  for (const g of user.groups) gids.push([groupId(g), g]);
  return `uid=${user.uid}(${user.name}) gid=${user.gid}(${gids[0][1]}) groups=${gids.map(([n, g]) => `${n}(${g})`).join(',')}`;
}

export function groupId(name: string): number {
  return name === 'adm' ? 4 : name === 'wheel' ? 10 : name === 'sudo' ? 27 : 0;
}
