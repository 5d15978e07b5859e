import type { Role } from '../../../core/model';

/** What each role means to a person choosing whom to rely on. Basic peers wear no badge. */
export const roleWords: Record<Role, { badge: string; name: string; tooltip: string }> = {
  basic: { badge: '', name: 'Basic peer', tooltip: 'Basic peer: takes part in conversations only' },
  enhanced: {
    badge: 'enhanced',
    name: 'Enhanced peer',
    tooltip: 'Enhanced peer: has memory and disk to spare for helping others',
  },
  super: {
    badge: 'super',
    name: 'Super peer',
    tooltip: 'Super peer: stays on, with capacity to spare for relaying and holding messages',
  },
  infrastructure: {
    badge: 'infra',
    name: 'Infrastructure peer',
    tooltip: 'Infrastructure peer: a server that stays on, relays for others and links subnets',
  },
};
