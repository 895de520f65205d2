// keys.ts first: person-record.ts reaches keys.ts again through the person store.
import './keys.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { LinkageModel } from '../../core/linkage/index.ts';
import { frequencyTables } from './models.ts';
import {
  ScoringRegistry,
  type ScoringReply,
  type ScoringRequest,
  type ScoringWorkerData,
} from './pair-scoring.ts';
import { PERSON_SPEC } from './person-record.ts';

/**
 * A worker thread of the batch deduplication (pair-scoring.ts): prepares its own copy of the registry's
 * records as they are read, and answers requests for block keys and for the scores of chunks of pairs.
 */

const data = workerData as ScoringWorkerData;
const registry = new ScoringRegistry(
  new LinkageModel(PERSON_SPEC, data.parameters, frequencyTables(data.termFrequencies)),
  data.minScore,
);
const port = parentPort!;

port.on('message', (message: ScoringRequest) => {
  let reply: ScoringReply;
  switch (message.type) {
    case 'persons':
      registry.add(message.ids, message.persons);
      return;
    case 'keys': {
      const result = registry.keysOf(message.indexes);
      reply = { type: 'keys', id: message.id, result };
      port.postMessage(reply, [result.counts.buffer as ArrayBuffer, result.keys.buffer as ArrayBuffer]);
      return;
    }
    case 'score':
      reply = { type: 'score', id: message.id, matched: registry.score(message.pairs) };
      port.postMessage(reply);
      return;
  }
});
