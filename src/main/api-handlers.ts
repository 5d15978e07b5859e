import type { ApiHandlers } from '../core/api/rpc';
import { checkAvatarImage } from '../core/avatar/avatar-image';
import { b64 } from '../core/bytes';
import { LanlineError } from '../core/errors';
import { decodeInvite, encodeInvite, inviteUrl } from '../core/invite';
import type { Backend, CallContext } from './backend';
import { diagnose } from './doctor';
import { fileHandlers } from './files/file-api';
import type { WindowChannel } from './rtc/window-rtc-host';

/** The backend's side of every call in the contract, one line of intent each. */
export function apiHandlers(backend: Backend): ApiHandlers<CallContext> {
  const { engine, store, connections } = backend;
  const windowRtc = () => {
    if (!backend.windowRtc) throw new LanlineError('unauthorized', 'this node has no window-owned WebRTC');
    return backend.windowRtc;
  };
  /** Tells every window about a status change and returns the new status. */
  const announce = () => {
    const status = backend.status();
    backend.emit('status.changed', status);
    return status;
  };
  const needWindow = (ctx: CallContext): WindowChannel => {
    if (!ctx.window) throw new LanlineError('unauthorized', 'only a Lanline window may do this');
    return ctx.window;
  };
  return {
    ...fileHandlers(backend),
    'status.get': () => backend.status(),
    'profile.setName': ({ name }) => {
      engine.setName(name);
      store.setSetting('name', name);
      backend.discovery?.update(name, engine.role);
      return announce();
    },
    'profile.setRole': async ({ role }) => {
      if (role) store.setSetting('role', role);
      else store.deleteSetting('role');
      backend.reviewRole();
      // Pinning super or infrastructure starts the relay, mailbox and directory (and unpinning stops them), at once.
      await backend.applySuperPeerRole();
      return announce();
    },
    'peers.list': () => engine.listPeers(),
    'peers.add': async ({ address }) => {
      const peerId = await connections.dial(address);
      connections.addAddress(address, peerId);
      return engine.getPeer(peerId)!;
    },
    'invites.create': () => {
      const addresses = backend.selfAddresses();
      const code = encodeInvite(backend.identity.peerId, addresses);
      return { code, url: inviteUrl(code), addresses };
    },
    'invites.join': async ({ code }) => engine.getPeer(await connections.joinInvite(code))!,
    'doctor.run': () =>
      diagnose({
        engine,
        connections,
        discovery: backend.discovery,
        port: backend.signallingPort,
        selfAddresses: () => backend.selfAddresses(),
      }),
    'conversations.list': () => engine.messaging.conversations(),
    'messages.markRead': ({ with: peerId }) => {
      engine.messaging.markRead(peerId);
      return {};
    },
    'typing.set': ({ to, active }) => {
      engine.messaging.setTyping(to, active);
      return {};
    },
    'messages.list': ({ with: peerId, limit, before }) => engine.messaging.listMessages(peerId, { limit, before }),
    'messages.search': ({ query, with: peerId, limit }) =>
      engine.messaging.searchMessages(query, { conversation: peerId, limit }),
    'messages.send': ({ to, text, replyTo }) => engine.messaging.send(to, text, replyTo),
    'messages.edit': ({ id, text }) => engine.messaging.edit(id, text),
    'messages.delete': ({ id }) => engine.messaging.delete(id),
    'messages.react': ({ id, emoji, on }) => engine.messaging.react(id, emoji, on),
    'groups.list': () => engine.messaging.groups.list(),
    'groups.create': ({ name, members }) => engine.messaging.groups.create(name, members),
    'groups.add': ({ group, peer }) => engine.messaging.groups.add(group, peer),
    'groups.remove': ({ group, peer }) => engine.messaging.groups.remove(group, peer),
    'groups.leave': ({ group }) => engine.messaging.groups.leave(group),
    'groups.rename': ({ group, name }) => engine.messaging.groups.rename(group, name),
    'groups.invite': ({ group }) => {
      const token = engine.messaging.groups.createInvite(group);
      const addresses = backend.selfAddresses();
      const code = encodeInvite(backend.identity.peerId, addresses, { id: group, token });
      return { code, url: inviteUrl(code), addresses };
    },
    'groups.join': async ({ code }) => {
      const invite = decodeInvite(code);
      if (!invite.group)
        throw new LanlineError('invalid-input', 'This is an invite to a person, not to a group; use invites.join.');
      const inviter = await connections.joinInvite(code);
      return engine.messaging.groups.requestJoin(engine.linkTo(inviter)!, invite.group.id, invite.group.token);
    },
    'rtc.attach': (_input, ctx) => {
      windowRtc().attach(needWindow(ctx));
      announce();
      connections.retryNow();
      return { attached: true };
    },
    'rtc.respond': (reply, ctx) => {
      windowRtc().respond(needWindow(ctx), reply);
      return {};
    },
    'rtc.state': ({ linkId, state }, ctx) => {
      windowRtc().setState(needWindow(ctx), linkId, state);
      return {};
    },
    'superPeers.list': () => backend.superPeers(),
    'relay.status': () => backend.superPeer.service?.status() ?? null,
    'mailbox.status': () => backend.superPeer.service?.mailboxStatus() ?? null,
    'conversations.paths': ({ with: peer }) => {
      const peers = peer
        ? [peer]
        : engine.messaging
            .conversations()
            .filter((c) => c.kind === 'direct')
            .map((c) => c.conversation);
      return peers.map((conversation) => ({ conversation, ...engine.messaging.pathTo(conversation) }));
    },
    'profile.get': () => backend.profile(),
    'profile.set': ({ team, interests }) => backend.setProfile({ team, interests }),
    'profile.setAvatar': ({ data }) => backend.setAvatar(data),
    'avatars.get': async ({ hash }) => {
      const bytes = await engine.fetchAvatar(hash);
      const check = bytes && checkAvatarImage(bytes);
      if (!check?.ok) throw new LanlineError('not-connected', 'Nobody linked to this node holds that picture right now.');
      return { type: check.type, data: b64.encode(bytes!) };
    },
    'directory.search': async ({ query }) => {
      const matches = await engine.superPeers.search(query);
      return matches.map(({ record, card, local }) => ({
        peerId: record.peerId,
        name: record.name,
        role: record.role,
        team: card?.team ?? null,
        interests: card?.interests ?? [],
        online: engine.isLinked(record.peerId),
        addresses: record.addresses,
        seenAt: record.issuedAt,
        source: local ? ('local' as const) : ('directory' as const),
      }));
    },
  };
}
