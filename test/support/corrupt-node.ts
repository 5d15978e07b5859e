/**
 * `lanline node` with one thing wrong, for the net tier: every file it serves
 * goes out with one byte flipped in each chunk, as a damaged disk or a lying
 * peer would send it. Run as its own process (`node --import tsx
 * test/support/corrupt-node.ts` + the usual host flags); it is the real node
 * otherwise, found by mDNS and driven by the CLI like any other. Test code
 * only: nothing in the product can be told to do this.
 */
import { configFromFlags, hostOptions, parse } from '../../src/main/cli/args';
import { startHost, stopOnSignals } from '../../src/main/cli/hosts';
import type { ServedFile } from '../../src/core/files/served-file';

const { values } = parse(process.argv.slice(2), hostOptions);
const host = await startHost(configFromFlags(values), 'node');
stopOnSignals(host);
const exchange = host.backend.engine.files;
const publish = exchange.publish.bind(exchange);
exchange.publish = (file: ServedFile) =>
  publish({
    entry: file.entry,
    have: () => file.have(),
    async read(index) {
      const chunk = await file.read(index);
      const sealed = chunk.sealed.slice();
      chunk.release?.();
      sealed[sealed.length >> 1]! ^= 0x40;
      return { sealed, proof: chunk.proof };
    },
  });
const s = host.backend.status();
process.stdout.write(`Lanline node "${s.name}" (${s.peerId}) is listening on port ${s.signallingPort}.\n`);
