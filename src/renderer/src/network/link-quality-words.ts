import type { LinkQuality, Peer } from '../../../core/model';
import { formatMilliseconds, formatRate } from '../app/human-units';

/**
 * How a link feels, in three grades. A LAN round trip is a few milliseconds;
 * past 20 ms or with any loss something is in the way (Wi-Fi, a VPN, a busy
 * relay), and past 100 ms or 5% loss a conversation starts to lag.
 */
export type QualityGrade = 'good' | 'fair' | 'poor' | 'unknown';

const GOOD_RTT_MS = 20;
const FAIR_RTT_MS = 100;
const FAIR_LOSS_PERCENT = 5;

export function gradeOf(quality: LinkQuality | null): QualityGrade {
  if (!quality || quality.rttMs === null) return 'unknown';
  const loss = quality.lossPercent ?? 0;
  if (quality.rttMs < GOOD_RTT_MS && loss === 0) return 'good';
  if (quality.rttMs < FAIR_RTT_MS && loss < FAIR_LOSS_PERCENT) return 'fair';
  return 'poor';
}

/** How many of the three signal bars to fill. */
export function barsOf(grade: QualityGrade): 0 | 1 | 2 | 3 {
  return grade === 'good' ? 3 : grade === 'fair' ? 2 : grade === 'poor' ? 1 : 0;
}

export const gradeWords: Record<QualityGrade, string> = {
  good: 'good',
  fair: 'fair',
  poor: 'poor',
  unknown: 'not measured yet',
};

/** The round trip as shown next to a name, or undefined before the first pong. */
export function rttText(quality: LinkQuality | null): string | undefined {
  return quality === null || quality.rttMs === null ? undefined : formatMilliseconds(quality.rttMs);
}

/** "Round trip 4 ms · loss 0% · ↑ 1.2 kB/s ↓ 0.8 kB/s" */
export function qualityTooltip(quality: LinkQuality): string {
  const rtt = quality.rttMs === null ? 'Round trip not measured yet' : `Round trip ${formatMilliseconds(quality.rttMs)}`;
  const loss = quality.lossPercent === null ? 'loss unknown' : `loss ${Math.round(quality.lossPercent)}%`;
  return `${rtt} · ${loss} · ↑ ${formatRate(quality.outBytesPerSecond)} ↓ ${formatRate(quality.inBytesPerSecond)}`;
}

/**
 * The same facts as words for a screen reader: "connected directly, round trip
 * 4 ms, good link". Without the figures for labels that must not change every
 * two seconds while someone is focused on them.
 */
export function linkDescription(peer: Peer, options: { figures: boolean } = { figures: true }): string {
  if (!peer.online) return 'offline';
  if (!peer.link) return 'online, not connected yet';
  const how = peer.link === 'direct' ? 'connected directly' : 'connected through a super peer';
  const rtt = rttText(peer.quality);
  if (!rtt) return `${how}, measuring the link`;
  const grade = `${gradeWords[gradeOf(peer.quality)]} link`;
  return options.figures ? `${how}, round trip ${rtt}, ${grade}` : `${how}, ${grade}`;
}
