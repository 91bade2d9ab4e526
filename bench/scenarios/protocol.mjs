// The cost of the protocol layer: a cheap operation (GetServiceSetting, one SELECT) through the whole
// emulator, against the bare Fastify ceiling and moto_server. Target: emulator/bare >= 0.70.
import {
  LOAD_COLUMNS,
  compareTargets,
  failureNotes,
  loadNote,
  loadRow,
  probe,
  comparisonChecks,
} from '../lib/measure.mjs';

const TARGET_RATIO = 0.7;
const REQUEST = {
  operation: 'GetServiceSetting',
  body: { SettingId: '/ssm/parameter-store/default-parameter-tier' },
};
// moto 5.x has no GetServiceSetting (it answers an HTML 500); its cheapest modelled read stands in.
const MOTO_FALLBACK = { operation: 'DescribeParameters', body: {} };

export default {
  name: 'protocol',
  description: 'GetServiceSetting req/s and latency: bare Fastify vs emulator vs moto_server',
  async run(ctx) {
    const notes = [];
    const bare = await ctx.servers.startBareFastify();
    const emulator = await ctx.servers.startEmulator();
    const moto = await ctx.servers.startMoto();
    const targets = [
      { key: 'bare-fastify', server: bare, ...REQUEST },
      { key: 'emulator', server: emulator, ...REQUEST },
    ];
    let motoRequest = REQUEST;
    if (!moto) {
      notes.push('moto_server is not on PATH: no moto comparison.');
    } else {
      const res = await probe(moto, REQUEST.operation, REQUEST.body);
      if (res.status !== 200) {
        motoRequest = MOTO_FALLBACK;
        notes.push(
          `moto answers GetServiceSetting with HTTP ${res.status} (not implemented in moto), so it is measured with ${MOTO_FALLBACK.operation} {} on an empty store: emulator/moto compares two cheap reads, not the same one.`,
        );
      }
      targets.push({ key: 'moto', server: moto, ...motoRequest });
    }
    const results = await compareTargets(ctx, targets);
    if (moto && results.moto.measured) {
      notes.push(
        'moto_server (werkzeug) closes the connection after every response: its numbers include a TCP connect per request.',
      );
    }
    for (const [key, r] of Object.entries(results))
      if (!r.measured) notes.push(`${key}: not measurable, ${r.failure}`);
    notes.push(...failureNotes(results), loadNote(ctx.load));

    const rows = [
      loadRow('bare-fastify', 'POST / JSON (ceiling)', results['bare-fastify']),
      loadRow('emulator', REQUEST.operation, results.emulator),
    ];
    if (moto) rows.push(loadRow('moto_server', motoRequest.operation, results.moto));
    const checks = comparisonChecks(results, TARGET_RATIO);
    return {
      title: 'protocol: GetServiceSetting through the whole protocol layer',
      tables: [{ columns: LOAD_COLUMNS, rows }],
      checks,
      notes,
      raw: results,
    };
  },
};
