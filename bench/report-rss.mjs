// Loaded with `node --import` by the benchmarks: prints the process's peak RSS (KiB) on exit.
process.on('exit', () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`));
