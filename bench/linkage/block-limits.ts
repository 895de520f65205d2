/**
 * How the blocking keys stored for the registry (src/server/linkage/keys.ts) behave on a synthetic registry,
 * in memory: for each rule, its keys, the blocks over its limit, the pairs it visits; and the pairs
 * completeness of all rules together — the share of true duplicate pairs that share at least one key within
 * its rule's limit, which is what the batch and the registration check can find. Used to choose the per-rule
 * limits on the tuning seed (1); report on seed 2.
 *
 *   npm run bench:linkage-blocking -- --persons 1000000 --seed 1 [--limits 'surnames=80,...']
 */
import { parseArgs } from 'node:util';
import { generateDataset } from '../../src/core/synthetic/index.ts';
// keys.ts first: it imports person-record.ts, whose module graph leads back to it.
import { blockKeysOf, blockLimitOf, ruleOfKey } from '../../src/server/linkage/keys.ts';
import { knownOfSynthetic, PERSON_SPEC, prepareKnown } from '../../src/server/linkage/person-record.ts';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    limits: { type: 'string', default: '' },
  },
});
const rules = PERSON_SPEC.blocking.map((r) => r.name);
const overrides = new Map(
  values.limits
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [name, limit] = pair.split('=');
      if (!rules.includes(name!)) throw new Error(`Regla desconocida: ${name} (hay: ${rules.join(', ')})`);
      return [rules.indexOf(name!), Number(limit)] as const;
    }),
);
const limitOf = (key: number) => overrides.get(ruleOfKey(key)) ?? blockLimitOf(key);

const started = performance.now();
const { records } = generateDataset({ seed: Number(values.seed), persons: Number(values.persons) });
const keysOf = records.map((r, index) =>
  blockKeysOf(prepareKnown(String(index), knownOfSynthetic(r), index)),
);
const sizes = new Map<number, number>();
for (const keys of keysOf) for (const key of keys) sizes.set(key, (sizes.get(key) ?? 0) + 1);
console.log(
  `${records.length.toLocaleString('en')} records (seed ${values.seed}), ${sizes.size.toLocaleString('en')} keys, ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s`,
);

const perRule = rules.map(() => ({ keys: 0, over: 0, recordsOver: 0, visits: 0, truePairs: 0, only: 0 }));
for (const [key, size] of sizes) {
  const stats = perRule[ruleOfKey(key)]!;
  stats.keys++;
  if (size > limitOf(key)) {
    stats.over++;
    stats.recordsOver += size;
  } else stats.visits += (size * (size - 1)) / 2;
}

// True pairs: records of the same person.
const byCluster = new Map<string, number[]>();
records.forEach((r, i) => byCluster.set(r.clusterId, [...(byCluster.get(r.clusterId) ?? []), i]));
let truePairs = 0;
let found = 0;
const lostWithoutLimits = rules.map(() => 0);
let lostEverywhere = 0;
for (const members of byCluster.values()) {
  for (let x = 0; x < members.length; x++) {
    const left = new Set(keysOf[members[x]!]);
    for (let y = x + 1; y < members.length; y++) {
      truePairs++;
      const shared = keysOf[members[y]!]!.filter((k) => left.has(k));
      const usable = shared.filter((k) => sizes.get(k)! <= limitOf(k));
      const usableRules = new Set(usable.map(ruleOfKey));
      for (const rule of usableRules) perRule[rule]!.truePairs++;
      if (usableRules.size === 1) perRule[[...usableRules][0]!]!.only++;
      if (usable.length > 0) found++;
      else if (shared.length === 0) lostEverywhere++;
      else for (const rule of new Set(shared.map(ruleOfKey))) lostWithoutLimits[rule]!++;
    }
  }
}
const visits = perRule.reduce((n, s) => n + s.visits, 0);
console.log(
  `pairs completeness ${((100 * found) / truePairs).toFixed(2)} % (${found.toLocaleString('en')} of ` +
    `${truePairs.toLocaleString('en')}); lost sharing no key ${lostEverywhere.toLocaleString('en')}; ` +
    `block visits ${(visits / 1e6).toFixed(1)} M (${(visits / records.length).toFixed(1)} a record)`,
);
console.log(
  '| rule | limit | keys | over the limit (records) | visits | true pairs found (only by it) | lost pairs it would find without its limit |',
);
console.log('|---|---|---|---|---|---|---|');
rules.forEach((name, rule) => {
  const s = perRule[rule]!;
  console.log(
    `| ${name} | ${overrides.get(rule) ?? blockLimitOf(rule * 2 ** 48)} | ${s.keys.toLocaleString('en')} | ` +
      `${s.over.toLocaleString('en')} (${s.recordsOver.toLocaleString('en')}) | ${(s.visits / 1e6).toFixed(1)} M | ` +
      `${s.truePairs.toLocaleString('en')} (${s.only.toLocaleString('en')}) | ${lostWithoutLimits[rule]!.toLocaleString('en')} |`,
  );
});
