// Runs the compiled CLI in this process and reports its peak RSS last on stderr (`peak-rss-kb <n>`),
// so a test can measure memory of exactly one validate-traffic run.
import { runCli } from '../../dist/cli.js';

const code = await runCli(process.argv.slice(2));
process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
