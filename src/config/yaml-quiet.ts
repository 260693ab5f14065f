/**
 * Runs `fn` (synchronous) with the process environment hidden from the yaml library.
 *
 * yaml's parser reads `process.env.LOG_TOKENS` once per token (yaml/dist/parse/parser.js `next`; the composer reads
 * `LOG_STREAM`) and prints every token when it is set. Config loading neither reads the environment (values come
 * in through `env`) nor prints, so yaml sees an empty one: set in a user's shell, those switches cannot spill
 * tokens into our output. It is also speed: every read of Node's live `process.env` is a native lookup that scans
 * the whole environment, and a 30,000-variable file has over a million tokens (with a thousand `fromEnv` secrets
 * in the environment, that was a third of `validate`'s time). Nothing else runs while `fn` does; the real
 * environment is back before this returns or throws.
 */
export function withoutEnvironment<T>(fn: () => T): T {
  const real = process.env;
  process.env = Object.create(null) as NodeJS.ProcessEnv;
  try {
    return fn();
  } finally {
    process.env = real;
  }
}
