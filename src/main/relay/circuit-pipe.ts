import { shortPeerId, type PeerId } from '../../core/identity';
import { PipeBase } from '../../core/pipe';
import { MAX_RELAY_PAYLOAD } from './protocol';

/** What a circuit needs from the connection it runs on. */
export interface CircuitCarrier {
  readonly bufferedAmount: number;
  readonly isOpen: boolean;
  sendData(circuit: number, payload: Uint8Array): void;
  closeCircuit(circuit: number): void;
}

/**
 * One circuit through a super peer, as a Pipe. It is only a transport: the
 * bytes on it are a secure channel's (noise/secure-pipe.ts), so the relay
 * in between never sees a plaintext byte.
 */
export class CircuitPipe extends PipeBase {
  readonly label: string;
  readonly route = 'relayed' as const;

  constructor(
    private readonly carrier: CircuitCarrier,
    readonly circuit: number,
    readonly remote: PeerId,
    readonly relay: PeerId,
  ) {
    super();
    this.label = `relay ${shortPeerId(relay)} #${circuit} → ${shortPeerId(remote)}`;
  }

  get bufferedAmount(): number {
    return this.carrier.bufferedAmount;
  }

  override get isOpen(): boolean {
    return super.isOpen && this.carrier.isOpen;
  }

  protected transmit(data: Uint8Array): void {
    if (data.length > MAX_RELAY_PAYLOAD) throw new RangeError(`a circuit carries at most ${MAX_RELAY_PAYLOAD} bytes per message`);
    this.carrier.sendData(this.circuit, data);
  }

  override close(): void {
    if (super.isOpen) this.carrier.closeCircuit(this.circuit);
    this.end();
  }
}
