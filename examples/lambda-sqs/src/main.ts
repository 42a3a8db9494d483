import { runDemo } from './demo.js';

runDemo((line) => console.log(line)).then(
  (result) => {
    process.exitCode = result.stacks === undefined || (result.stacks === 1 && result.shares === 1) ? 0 : 1;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
