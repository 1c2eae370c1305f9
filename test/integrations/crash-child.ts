// Child process for the kill -9 test: processes one authorization with the real planner and
// handlers against the fakes, using the database in the folder it is given.
import { defaultTransport } from '../../src/adapters/http/node-transport.js';
import { createHarness, fields } from './action-driver.js';

const [dir, envJson, authId] = process.argv.slice(2) as [string, string, string];
const h = createHarness({
  env: JSON.parse(envJson) as Record<string, string>,
  dir,
  transport: defaultTransport(),
});
process.stdout.write('started\n');
void h.process({ id: 1, fields: fields({ id: authId }) }).then(() => {
  h.close();
  process.stdout.write('finished\n');
});
