// The machine's price of memory: milliseconds to touch 100 MB that the process never used (one
// write per 4 KiB page, so nearly all of it is the kernel handing out pages). Both the floor and
// the check pay it in proportion to their peak RSS; where it is high, ratios follow peak RSS, where
// it is low, they follow the JavaScript the check runs (see bench/results.md).
const MB = 1024 * 1024;
const start = performance.now();
const memory = Buffer.allocUnsafeSlow(100 * MB);
for (let i = 0; i < memory.length; i += 4096) memory[i] = 1;
console.log(performance.now() - start);
