import type { Engine } from '../../core/engine';
import type { PeerId } from '../../core/identity';
import { isGroupId } from '../../core/model';

/**
 * Who takes part in sharing files in a conversation: whom an offer goes to,
 * and whom a download may ask for a file. Sources are asked only within the
 * conversation (its members) and among the super peers this node is linked
 * to, which may keep replicas; asking reveals only the root.
 */
export class ConversationSources {
  constructor(private readonly engine: Engine) {}

  private get self(): PeerId {
    return this.engine.identity.peerId;
  }

  /** Who gets a message in this conversation besides us. */
  audience(conversation: string): PeerId[] {
    if (!isGroupId(conversation)) return [conversation];
    return this.members(conversation).filter((m) => m !== this.self);
  }

  members(group: string): PeerId[] {
    try {
      return this.engine.messaging.groups.get(group).members.map((m) => m.peerId);
    } catch {
      return [];
    }
  }

  linkedSuperPeers(): PeerId[] {
    return this.engine
      .listPeers()
      .filter((p) => p.online && (p.role === 'super' || p.role === 'infrastructure'))
      .map((p) => p.peerId);
  }

  /** The sender, the group's other members (any may have fetched it already), and linked super peers. */
  candidates(offer: { peerId: string; conversation: string }): PeerId[] {
    const members = isGroupId(offer.conversation) ? this.members(offer.conversation) : [];
    return [...new Set([offer.peerId, ...members, ...this.linkedSuperPeers()])].filter((p) => p !== this.self);
  }
}
