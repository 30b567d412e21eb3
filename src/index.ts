// GitHub Action entry: everything happens in run(), which never throws.
import { run } from "./action/run.js";

await run();
