#!/usr/bin/env node
/**
 * `node bench/profile-summary.js FILE.cpuprofile [N]`: the top N functions of a V8 CPU profile
 * (from `npm run bench -- --profile`, in bench/out/profiles/) by self time and by total time, with
 * their file and line, so that a missed target can be explained from the profile.
 */
const { readFileSync } = require('node:fs');
const { relative } = require('node:path');

function summarize(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n) => {
    const f = n.callFrame;
    const url = f.url ? relative(process.cwd(), f.url.replace('file://', '')) : '';
    return `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber + 1}` : ''}`;
  };
  const selfBy = new Map();
  const totalBy = new Map();
  let all = 0;
  for (const [id, t] of self) {
    all += t;
    const n = byId.get(id);
    selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + t);
    }
  }
  const show = (title, map) => {
    process.stdout.write(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)\n`);
    for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${((100 * t) / all).toFixed(1).padStart(6)}%  ${k}\n`);
    }
  };
  show('self time', selfBy);
  show('total time', totalBy);
}

const [file, n] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.js FILE.cpuprofile [N]\n');
  process.exit(2);
}
summarize(file, Number(n ?? 25));
