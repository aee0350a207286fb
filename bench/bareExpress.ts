/** The comparison server: the same JSON answer from a bare Express 5 route, no verification, no journal. */
import express from 'express';

const answer = process.env.BARE_ANSWER ?? '{}';
const app = express();
app.get('/api/v1/kronos/devices', (_request, response) => {
  response.type('application/json').send(answer);
});
app.post('/connect/api/monPublic/getMem', express.raw({ type: () => true }), (_request, response) => {
  response.type('application/json').send(process.env.BARE_KX_ANSWER ?? answer);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`bare express listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
