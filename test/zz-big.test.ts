import { it } from 'vitest';
import { startServer } from '../contract-tests/helpers/server.js';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
it('big', async () => {
  const s = await startServer({});
  try {
    const body = JSON.stringify({ Name: 'x', Value: 'x'.repeat(9 * 1024 * 1024), Type: 'String' });
    for (let i = 0; i < 3; i++) {
      try {
        const r = await s.raw('AmazonSSM.PutParameter', body);
        console.log('fetch', r.status, r.text.slice(0, 200));
      } catch (e) {
        console.log('fetch error', (e as any).cause?.code ?? (e as Error).message);
      }
    }
    try {
      await s
        .client()
        .send(new PutParameterCommand({ Name: 'x', Value: 'x'.repeat(9 * 1024 * 1024), Type: 'String' }));
    } catch (e) {
      console.log('sdk', (e as any).name, (e as any).message?.slice(0, 200), (e as any).$metadata);
    }
  } finally {
    await s.close();
  }
}, 60000);
