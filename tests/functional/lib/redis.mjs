// The Redis the files of many instances share (scripts/test.sh starts one and
// sets LENSLET_TEST_REDIS_URL). Without it such a file fails, unless
// LENSLET_ALLOW_NO_REDIS=1 says skipping is intended:
//
//   const skip = redisSkip();                 // describe(…, { skip }, …)
//   before(async () => { if (skip) return; requireRedis(); … });
export const REDIS_URL = process.env.LENSLET_TEST_REDIS_URL;

// The reason to skip (a string), or false.
export function redisSkip() {
  return !REDIS_URL && process.env.LENSLET_ALLOW_NO_REDIS === '1' ? 'LENSLET_ALLOW_NO_REDIS=1: no Redis' : false;
}

// Throws, saying how to get one, when there is no Redis to use.
export function requireRedis() {
  if (REDIS_URL) return;
  throw new Error('LENSLET_TEST_REDIS_URL is not set: run scripts/test.sh, or start a Redis with\n'
    + '  export LENSLET_TEST_REDIS_URL="$(scripts/redis-test-server.sh start /tmp/lenslet-redis)"\n'
    + 'or set LENSLET_ALLOW_NO_REDIS=1 to skip on purpose.');
}
