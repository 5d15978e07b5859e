import { networkInterfaces } from 'node:os';

/** This machine's IPv4 LAN addresses with their prefix lengths. */
export function localIPv4(): Array<{ address: string; prefix: number }> {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => ({ address: i!.address, prefix: Number(i!.cidr?.split('/')[1] ?? 32) }));
}

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
}

/** Whether `ip` lies on none of this machine's subnets, i.e. reached us through a router. */
export function isOnOtherSubnet(ip: string, locals = localIPv4()): boolean {
  const bare = ip.replace(/^::ffff:/, '');
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(bare) || bare.startsWith('127.')) return false;
  return !locals.some(({ address, prefix }) => {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    return (toNumber(address) & mask) === (toNumber(bare) & mask);
  });
}
