// GetParameter of one seeded String parameter: emulator vs the bare Fastify ceiling vs moto_server.
// Target: emulator/bare >= 0.60. Reports "not yet measurable" while Parameter Store is not implemented.
import {
  LOAD_COLUMNS,
  compareTargets,
  failureNotes,
  loadNote,
  loadRow,
  probe,
  comparisonChecks,
} from '../lib/measure.mjs';
import { describeFailure } from '../lib/ssm.mjs';

const TARGET_RATIO = 0.6;
const PARAMETER = {
  Name: '/bench/app/database-url',
  Value: 'postgres://db.internal:5432/app',
  Type: 'String',
};
const REQUEST = { operation: 'GetParameter', body: { Name: PARAMETER.Name } };

export default {
  name: 'get-parameter',
  description: 'GetParameter req/s and latency of one seeded parameter: bare Fastify vs emulator vs moto',
  async run(ctx) {
    const title = 'get-parameter: GetParameter of one String parameter';
    const emulator = await ctx.servers.startEmulator();
    const put = await probe(emulator, 'PutParameter', PARAMETER);
    if (put.status !== 200) {
      const failure = `PutParameter: ${describeFailure(put)}`.replace(/\.$/, '');
      return {
        title,
        tables: [{ columns: LOAD_COLUMNS, rows: [loadRow('emulator', 'GetParameter', undefined)] }],
        checks: comparisonChecks({}, TARGET_RATIO).slice(0, 1),
        notes: [
          `Not yet measurable: the emulator answers ${failure}. Re-run \`npm run build && node bench/run.mjs get-parameter\` once it is implemented.`,
        ],
        raw: { failure },
      };
    }
    const notes = [];
    const bare = await ctx.servers.startBareFastify();
    const targets = [
      { key: 'bare-fastify', server: bare, ...REQUEST },
      { key: 'emulator', server: emulator, ...REQUEST },
    ];
    const moto = await ctx.servers.startMoto();
    if (!moto) notes.push('moto_server is not on PATH: no moto comparison.');
    else {
      const res = await probe(moto, 'PutParameter', PARAMETER);
      if (res.status === 200) targets.push({ key: 'moto', server: moto, ...REQUEST });
      else notes.push(`moto: PutParameter ${describeFailure(res)}`);
    }
    const results = await compareTargets(ctx, targets);
    for (const [key, r] of Object.entries(results))
      if (!r.measured) notes.push(`${key}: not measurable, ${r.failure}`);
    notes.push(...failureNotes(results), loadNote(ctx.load));
    const rows = [
      loadRow('bare-fastify', 'POST / JSON (ceiling)', results['bare-fastify']),
      loadRow('emulator', 'GetParameter', results.emulator),
    ];
    if (results.moto) rows.push(loadRow('moto_server', 'GetParameter', results.moto));
    return {
      title,
      tables: [{ columns: LOAD_COLUMNS, rows }],
      checks: comparisonChecks(results, TARGET_RATIO),
      notes,
      raw: results,
    };
  },
};
