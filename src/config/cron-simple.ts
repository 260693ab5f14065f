/**
 * A quick yes for the cron expressions most configs use, so that validating them does not load cron-parser (and
 * its date library, whose time zone set-up is a good part of a cold start): five fields of numbers, `*`, ranges,
 * lists and steps, each number within its field's bounds and no value listed twice. Anything else, including
 * names (`MON`), `L`, `#`, `?` and a day of month paired with a given month (`0 0 31 2 *` is refused by
 * cron-parser), is left to cron-parser; test/perf-cron-simple.test.ts checks that the two agree on every
 * expression this accepts.
 */
export function isSimpleValidCron(cron: string): boolean {
  const fields = cron.split(" ");
  if (fields.length !== 5) return false;
  for (let i = 0; i < 5; i++) {
    if (!simpleField(fields[i], BOUNDS[i][0], BOUNDS[i][1])) return false;
  }
  // A given day of month with a given month can be impossible (31 February): cron-parser decides.
  return fields[2] === "*" || fields[3] === "*";
}

/** [min, max] of minute, hour, day of month, month, day of week (0 and 7 are Sunday). */
const BOUNDS: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

const ITEM = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/;

function simpleField(field: string, min: number, max: number): boolean {
  const items = field.split(",");
  // cron-parser refuses a value listed twice ("duplicate values found"), and Sunday may be written 0 or 7.
  const seen = new Set<number>();
  for (const item of items) {
    const m = ITEM.exec(item);
    if (!m) return false;
    const [, , from, to, step] = m;
    const a = from === undefined ? min : Number(from);
    const b = from === undefined ? (max === 7 ? 6 : max) : to === undefined ? a : Number(to);
    if (a < min || b > max || a > b) return false;
    // `5/15` (a start with a step and no range) is read differently by cron implementations: leave it.
    if (step !== undefined && from !== undefined && to === undefined) return false;
    const by = step === undefined ? 1 : Number(step);
    if (by < 1 || by > max - min) return false;
    if (items.length > 1) {
      if (max === 7 && b === 7) return false;
      for (let v = a; v <= b; v += by) {
        if (seen.has(v)) return false;
        seen.add(v);
      }
    }
  }
  return true;
}
