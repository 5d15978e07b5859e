import { describe, expect, it } from 'vitest';
import { sdpFingerprints } from '../../src/core/rtc/peer-connection-host';

describe('SDP fingerprints', () => {
  it('reads every DTLS fingerprint line, case-normalised', () => {
    const sdp = [
      'v=0',
      'a=fingerprint:sha-256 6c:b9:EC:14',
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'a=fingerprint:sha-256 AA:BB',
    ].join('\r\n');
    expect(sdpFingerprints(sdp)).toEqual(['6C:B9:EC:14', 'AA:BB']);
  });

  it('finds none in an SDP without one, so a stripped SDP never matches', () => {
    expect(sdpFingerprints('v=0\r\na=setup:actpass\r\n')).toEqual([]);
  });
});
