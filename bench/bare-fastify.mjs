// The ceiling of the emulator's HTTP stack: the project's Fastify, no logger, one POST / route that
// parses a JSON body (same content type as the SSM wire) and returns a small JSON object.
// Usage: node bench/bare-fastify.mjs PORT   (prints one line when listening)
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false });
app.addContentTypeParser(
  ['application/x-amz-json-1.1', 'application/json'],
  { parseAs: 'string' },
  app.getDefaultJsonParser('error', 'error'),
);
app.post('/', async (request, reply) => {
  const id = request.body?.SettingId ?? request.body?.Name ?? 'none';
  reply.header('content-type', 'application/x-amz-json-1.1');
  return { ServiceSetting: { SettingId: id, SettingValue: 'Standard', Status: 'Default' } };
});

const address = await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`bare-fastify listening on ${address}\n`);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => app.close().then(() => process.exit(0)));
