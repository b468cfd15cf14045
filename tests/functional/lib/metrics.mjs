// Reading Prometheus's text exposition format (version 0.0.4) strictly, for
// the metrics tests: every line must be a HELP, a TYPE or a sample, and each
// sample must belong to a family declared above it.
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const VALUE = '(?:[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)|[-+]?Inf|NaN)';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL}="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*)\\})? (${VALUE})$`);
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const LABEL_PAIR = new RegExp(`(${LABEL})="((?:[^"\\\\]|\\\\.)*)"`, 'g');

function familyOf(sampleName, families) {
  if (families.has(sampleName)) return sampleName;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      if (families.get(base)?.type === 'histogram') return base;
    }
  }
  return null;
}

// Throws on the first line that is not valid; returns Map(name → {help, type, samples}).
export function parseExposition(text) {
  const families = new Map();
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  for (const [i, line] of lines.entries()) {
    let m;
    if ((m = HELP.exec(line))) {
      const family = families.get(m[1]) ?? { samples: [] };
      if (family.help !== undefined) throw new Error(`line ${i + 1}: second HELP for ${m[1]}`);
      family.help = m[2];
      families.set(m[1], family);
    } else if ((m = TYPE.exec(line))) {
      const family = families.get(m[1]) ?? { samples: [] };
      if (family.type !== undefined) throw new Error(`line ${i + 1}: second TYPE for ${m[1]}`);
      if (family.samples.length > 0) throw new Error(`line ${i + 1}: TYPE after samples of ${m[1]}`);
      family.type = m[2];
      families.set(m[1], family);
    } else if ((m = SAMPLE.exec(line))) {
      const name = familyOf(m[1], families);
      if (!name) throw new Error(`line ${i + 1}: sample of an undeclared family: ${line}`);
      const labels = {};
      for (const pair of (m[2] ?? '').matchAll(LABEL_PAIR)) labels[pair[1]] = pair[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
      const value = m[3] === '+Inf' || m[3] === 'Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
      families.get(name).samples.push({ name: m[1], labels, value });
    } else {
      throw new Error(`line ${i + 1} is not valid exposition format: ${JSON.stringify(line)}`);
    }
  }
  for (const [name, family] of families) {
    if (family.help === undefined || family.type === undefined) throw new Error(`${name} lacks HELP or TYPE`);
  }
  return families;
}

const keyOf = (labels) => JSON.stringify(Object.entries(labels).filter(([k]) => k !== 'le').sort());

// For every series of every histogram: buckets cumulative in `le` order, the
// last one +Inf, and +Inf equal to _count. Throws otherwise.
export function checkHistograms(families) {
  for (const [name, family] of families) {
    if (family.type !== 'histogram') continue;
    const series = new Map();
    for (const sample of family.samples) {
      const key = keyOf(sample.labels);
      const entry = series.get(key) ?? { buckets: [], count: undefined, sum: undefined };
      if (sample.name === `${name}_bucket`) {
        const le = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
        entry.buckets.push({ le, value: sample.value });
      } else if (sample.name === `${name}_count`) entry.count = sample.value;
      else if (sample.name === `${name}_sum`) entry.sum = sample.value;
      series.set(key, entry);
    }
    for (const [key, entry] of series) {
      const where = `${name}${key}`;
      if (entry.buckets.length === 0 || entry.count === undefined || entry.sum === undefined) {
        throw new Error(`${where}: buckets, _sum or _count missing`);
      }
      for (let i = 1; i < entry.buckets.length; i++) {
        if (!(entry.buckets[i].le > entry.buckets[i - 1].le)) throw new Error(`${where}: le not increasing`);
        if (entry.buckets[i].value < entry.buckets[i - 1].value) throw new Error(`${where}: buckets not cumulative`);
      }
      const last = entry.buckets[entry.buckets.length - 1];
      if (last.le !== Infinity) throw new Error(`${where}: no +Inf bucket`);
      if (last.value !== entry.count) throw new Error(`${where}: +Inf ${last.value} != _count ${entry.count}`);
    }
  }
}

// The value of the one sample of `family` whose labels include `labels`; the sum when several match.
export function valueOf(families, family, labels = {}, sampleName = family) {
  const matching = (families.get(family)?.samples ?? []).filter(
    (s) => s.name === sampleName && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
}

export async function scrape(url) {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return { contentType: response.headers.get('content-type'), text: await response.text() };
}
