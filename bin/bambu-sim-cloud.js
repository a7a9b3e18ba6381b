#!/usr/bin/env node
import '../dist/sim/cloud/cli.js';
