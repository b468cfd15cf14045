// `node s3rver-main.cjs DIR PORT BUCKET`: s3rver on 127.0.0.1:PORT (0: any),
// objects under DIR, BUCKET created; prints "s3rver listening on <port>".
const S3rver = require('s3rver');

const [dir, port, bucket] = process.argv.slice(2);
new S3rver({ address: '127.0.0.1', port: Number(port), directory: dir, silent: true, configureBuckets: [{ name: bucket }] })
  .run()
  .then(({ port: actual }) => console.log(`s3rver listening on ${actual}`))
  .catch((error) => { console.error(error); process.exit(1); });
