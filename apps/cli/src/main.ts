// The `berth` binary: everything is in cli.ts.
import { silenceIpServerNameWarning } from '@berth/api-client';
import { main } from './cli.js';

silenceIpServerNameWarning();

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 255;
  },
);
