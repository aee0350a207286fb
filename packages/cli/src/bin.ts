#!/usr/bin/env node
/** The `sigkit` executable. */
import { runSigkitProcess } from './runProcess.js';

await runSigkitProcess(process.argv.slice(2));
