// A checking thread of `validate-traffic --jobs`: decodes and checks the batches the reader thread cuts, with
// the run's own options, and sends back each item's record and flow facts (the flow is judged by the reader
// thread, in input order). Loads the generated spec itself: validators are code and do not cross threads.
import { parentPort } from 'node:worker_threads';
import { decodeCaptureItem } from '../capture-reader.js';
import { CoverageCollector, loadCoverageUniverse } from '../coverage.js';
import { ExchangeValidator } from '../exchange-validator.js';
import { loadGeneratedSpec } from '../generated-spec.js';
import { type BatchMessage, encodeChecked, unpackBatch, type WorkerInit, type WorkerReply } from './messages.js';

if (!parentPort) throw new Error('jobs/worker.js runs as a worker thread of validate-traffic --jobs');
const port = parentPort;

const reply = (message: WorkerReply): void => port.postMessage(message);

// Batches may arrive while the spec loads: they wait here, in order.
let check: ((batch: BatchMessage) => void) | undefined;
const waiting: BatchMessage[] = [];
let init: WorkerInit | undefined;
port.on('message', (message: WorkerInit | BatchMessage) => {
  if (init === undefined) {
    init = message as WorkerInit;
    start(init).catch((error: unknown) => reply({ kind: 'failed', reason: error instanceof Error ? error.name : typeof error }));
  } else if (check) check(message as BatchMessage);
  else waiting.push(message as BatchMessage);
});

async function start(init: WorkerInit): Promise<void> {
  const spec = await loadGeneratedSpec();
  const collector = init.coverage ? new CoverageCollector(await loadCoverageUniverse()) : undefined;
  const validator = new ExchangeValidator(spec, {
    limits: init.limits,
    keys: init.keys,
    showValues: init.showValues,
    hashKey: Buffer.from(init.hashKey),
    flow: init.flow,
    observer: collector,
  });
  check = (batch: BatchMessage) => {
    const checked = unpackBatch(batch, init.format).map((raw) => validator.check(decodeCaptureItem(raw, init.format, init.limits.depth)));
    const encoded = encodeChecked(checked);
    port.postMessage({ kind: 'checked', seq: batch.seq, encoded, coverage: collector?.takeCounts() } satisfies WorkerReply, [
      encoded.rows.buffer as ArrayBuffer,
    ]);
  };
  reply({ kind: 'ready' });
  for (const batch of waiting.splice(0)) check(batch);
}
