#!/usr/bin/env node
// The simulator takes no logic from core/ (it must not agree with the client by sharing code); the
// process-level safety net is no protocol logic, so its launcher installs the one every entry point uses.
import { installProcessGuards } from '../dist/core/util/process-guard.js';

installProcessGuards('bambu-sim-cloud');
await import('../dist/sim/cloud/cli.js');
